// The tenant request bodies written by hand (tenant/request_body.h): what a
// JSON parser reads back is exactly the passwords given, every byte that
// needs an escape gets one, and text that is not UTF-8 is refused.
#include <string>

#include "tenant/answers.h"
#include "tenant/request_body.h"

#include "cmocka_cpp.h"  // last: cmocka's macros (fail) break the standard headers after it

using namespace pam_idaas;
using namespace pam_idaas::tenant;

namespace {

std::string body(std::initializer_list<request_body::Field> fields) {
  const auto written = request_body::object(fields);
  assert_true(written.has_value());
  return std::string(written->data(), written->size());
}

std::string read_back(const std::string& json, const char* key) {
  const answers::Json document = answers::parse(Secret(json.data(), json.size()));
  assert_true(document.is_object());
  const auto& value = document.at(answers::text(key));
  assert_true(value.is_string());
  const auto& text = value.get_ref<const answers::Json::string_t&>();
  return std::string(text.data(), text.size());
}

void writes_fields_in_order(void**) {
  assert_str_eq(body({{"password", "New#Pass1"}, {"old_password", "Old#Pass2"}}),
                R"({"password":"New#Pass1","old_password":"Old#Pass2"})");
  assert_str_eq(body({{"password", "x"}, {"must_modify", true}}),
                R"({"password":"x","must_modify":true})");
  assert_str_eq(body({{"pwd_must_modify", false}}), R"({"pwd_must_modify":false})");
  assert_str_eq(body({{"user_name", ""}}), R"({"user_name":""})");
}

void escapes_quotes_backslashes_and_controls(void**) {
  assert_str_eq(body({{"p", "a\"b\\c/d"}}), R"({"p":"a\"b\\c/d"})");
  assert_str_eq(body({{"p", "\b\f\n\r\t"}}), R"({"p":"\b\f\n\r\t"})");
  assert_str_eq(body({{"p", std::string_view("\x01\x1f\x7f", 3)}}),
                "{\"p\":\"\\u0001\\u001f\x7f\"}");
  assert_str_eq(body({{"p", std::string_view("a\0b", 3)}}), R"({"p":"a\u0000b"})");
  assert_str_eq(body({{"na\"me", true}}), R"({"na\"me":true})");
}

void keeps_non_ascii_as_it_is(void**) {
  assert_str_eq(body({{"p", "Пароль密码😀"}}), R"({"p":"Пароль密码😀"})");
}

void a_parser_reads_back_every_password(void**) {
  const std::string passwords[] = {
      "Lantern#4821",           "\"quoted\" \\ back", std::string("nul\0inside", 10),
      "tab\tnew\nline\x1b[31m", "汉字-Ünïcödé-😀",     std::string(5000, 'x') + "\"",
  };
  for (const std::string& password : passwords) {
    const std::string json = body({{"password", password}, {"old_password", "Old#1"}});
    assert_true(read_back(json, "password") == password);
    assert_str_eq(read_back(json, "old_password"), "Old#1");
  }
}

void refuses_text_that_is_not_utf8(void**) {
  assert_false(request_body::object({{"password", "ab\x80"}}).has_value());
  assert_false(
      request_body::object({{"password", "ok"}, {"old_password", "\xC0\xAF"}}).has_value());
  assert_false(request_body::object({{"\xFF", true}}).has_value());
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(writes_fields_in_order),
      cmocka_unit_test(escapes_quotes_backslashes_and_controls),
      cmocka_unit_test(keeps_non_ascii_as_it_is),
      cmocka_unit_test(a_parser_reads_back_every_password),
      cmocka_unit_test(refuses_text_that_is_not_utf8),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
