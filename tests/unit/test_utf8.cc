#include "base/unicode.h"
#include "base/utf8.h"
#include "cmocka_cpp.h"
#include "policy/lexicon.h"

using namespace pam_idaas;
using namespace pam_idaas::policy;

namespace {

void decodes_every_sequence_length(void**) {
  const auto d = utf8::decode("a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80");  // a é 中 😀
  assert_true(d.ok);
  assert_int_equal(d.text.size(), 4);
  assert_int_equal(d.text[0], U'a');
  assert_int_equal(d.text[1], U'\u00E9');
  assert_int_equal(d.text[2], U'\u4E2D');
  assert_int_equal(d.text[3], U'\U0001F600');
}

void round_trips_through_encode(void**) {
  const std::string original = "Пароль密码😀e\xCC\x81";
  const auto d = utf8::decode(original);
  assert_true(d.ok);
  assert_str_eq(std::string_view(utf8::encode(d.text)), original);
}

void rejects_invalid_sequences_at_their_offset(void**) {
  struct Case {
    std::string_view bytes;
    std::size_t offset;
  };
  const Case cases[] = {
      {"ab\x80", 2},            // lone continuation byte
      {"\xC0\xAF", 0},          // overlong '/'
      {"x\xE0\x80\xAF", 1},     // overlong three-byte
      {"\xED\xA0\x80", 0},      // UTF-16 surrogate
      {"\xF4\x90\x80\x80", 0},  // past U+10FFFF
      {"\xF5\x80\x80\x80", 0},  // invalid lead byte
      {"abc\xE4\xB8", 3},       // truncated at the end
      {"\xE4\x61\xAD", 0},      // continuation missing ("a" in the middle)
      {"\xFF", 0},
  };
  for (const auto& c : cases) {
    const auto d = utf8::decode(c.bytes);
    assert_false(d.ok);
    assert_int_equal(d.error_at, c.offset);
  }
}

void accepts_nul_as_a_code_point(void**) {
  const auto d = utf8::decode(std::string_view("a\0b", 3));
  assert_true(d.ok);
  assert_int_equal(d.text.size(), 3);
  assert_true(unicode::is_control(d.text[1]));
}

void classifies_characters_by_general_category(void**) {
  using unicode::CharClass;
  assert_int_equal(unicode::classify(U'a'), CharClass::lower);
  assert_int_equal(unicode::classify(U'Z'), CharClass::upper);
  assert_int_equal(unicode::classify(U'7'), CharClass::digit);
  assert_int_equal(unicode::classify(U'!'), CharClass::special);
  assert_int_equal(unicode::classify(U' '), CharClass::special);
  assert_int_equal(unicode::classify(U'ж'), CharClass::lower);  // Cyrillic
  assert_int_equal(unicode::classify(U'Ж'), CharClass::upper);
  assert_int_equal(unicode::classify(U'ǅ'), CharClass::upper);     // titlecase
  assert_int_equal(unicode::classify(U'٣'), CharClass::digit);     // Arabic-Indic three
  assert_int_equal(unicode::classify(U'中'), CharClass::special);  // no case
  assert_int_equal(unicode::classify(U'\U0001F600'), CharClass::special);
  assert_int_equal(unicode::classify(U'\u0301'), CharClass::special);  // combining mark
}

void folds_case_fully(void**) {
  assert_true(unicode::fold(U"PassWORD") == U"password");
  assert_true(unicode::fold(U"Straße") == U"strasse");  // full folding: ß -> ss
  assert_true(unicode::fold(U"ПАРОЛЬ") == U"пароль");
  assert_true(unicode::fold(U"密码") == U"密码");
}

void knows_every_reading_of_polyphonic_characters(void**) {
  auto has = [](char32_t c, std::string_view reading) {
    const std::string_view all = lexicon::pinyin(c);
    return (" " + std::string(all) + " ").find(" " + std::string(reading) + " ") !=
           std::string::npos;
  };
  assert_true(has(U'单', "dan") && has(U'单', "shan"));
  assert_true(has(U'曾', "zeng") && has(U'曾', "ceng"));
  assert_true(has(U'解', "jie") && has(U'解', "xie"));
  assert_true(has(U'区', "qu") && has(U'区', "ou"));
  assert_true(has(U'仇', "chou") && has(U'仇', "qiu"));
  assert_true(has(U'吕', "lv") && has(U'吕', "lu"));  // ü typed both ways
  assert_true(lexicon::pinyin(U'a').empty());
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(decodes_every_sequence_length),
      cmocka_unit_test(round_trips_through_encode),
      cmocka_unit_test(rejects_invalid_sequences_at_their_offset),
      cmocka_unit_test(accepts_nul_as_a_code_point),
      cmocka_unit_test(classifies_characters_by_general_category),
      cmocka_unit_test(folds_case_fully),
      cmocka_unit_test(knows_every_reading_of_polyphonic_characters),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
