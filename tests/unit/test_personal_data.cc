#include "cmocka_cpp.h"
#include "policy/personal_data.h"
#include "policy/unicode.h"
#include "policy/utf8.h"

using namespace pam_idaas::policy;

namespace {

PersonalDataRule all_on() { return {true, true, true, true, 3, 4, false}; }

bool found(std::string_view password, const UserData& user,
           const PersonalDataRule& rule = all_on()) {
  const auto decoded = utf8::decode(password);
  return contains_personal_data(unicode::fold(decoded.text), user, rule);
}

UserData named(std::string_view real_name) { return {"u", real_name, "", ""}; }

void full_pinyin_in_both_orders(void**) {
  const auto zhang = named("张三");
  assert_true(found("zhangsan@2024", zhang));
  assert_true(found("X-ZhangSan-9", zhang));
  assert_true(found("Sanzhang!", zhang));
  assert_false(found("zhan-gsan", zhang));
}

void surname_and_given_name_alone_when_long_enough(void**) {
  const auto zhang = named("张三");
  assert_true(found("ZHANG1234", zhang));  // "zhang": 5 letters
  assert_false(found("san12345", zhang));  // "san": 3 < 4
  auto rule = all_on();
  rule.name_part_min_length = 3;
  assert_true(found("san12345", zhang, rule));
  rule.name_part_min_length = 6;
  assert_false(found("ZHANG1234", zhang, rule));
  assert_true(found("zhangsan", zhang, rule));  // the whole name always counts
}

void initials_only_when_configured(void**) {
  const auto zhang = named("张三");
  assert_false(found("zs-2024-Qx", zhang));
  auto rule = all_on();
  rule.name_initials = true;
  assert_true(found("zs-2024-Qx", zhang, rule));
  assert_true(found("sz-2024-Qx", zhang, rule));
  assert_false(found("z-2024-Qx", zhang, rule));  // one initial alone is not the name
}

void every_reading_of_polyphonic_characters(void**) {
  assert_true(found("dantianfang1", named("单田芳")));
  assert_true(found("shantianfang1", named("单田芳")));
  assert_true(found("zengguofan", named("曾国藩")));
  assert_true(found("cengguofan", named("曾国藩")));
  assert_true(found("jiejinxi", named("解缙喜")));
  assert_true(found("xiejinxi", named("解缙喜")));
  assert_true(found("quwei-88", named("区伟")));
  assert_true(found("ouwei-88", named("区伟")));
  assert_true(found("chouying", named("仇英")));
  assert_true(found("qiuying", named("仇英")));
  assert_true(found("Yingqiu7", named("仇英")));
  assert_true(found("lvbu1999", named("吕布")));
  assert_true(found("lubu1999", named("吕布")));
}

void compound_surnames_split_anywhere(void**) {
  const auto ouyang = named("欧阳修");
  assert_true(found("ouyangxiu", ouyang));
  assert_true(found("xiuouyang", ouyang));
  assert_true(found("OuYang#77", ouyang));
}

void latin_names_are_used_as_written(void**) {
  const auto john = named("John Smith");
  assert_true(found("johnsmith1", john));
  assert_true(found("SmithJohn1", john));
  assert_true(found("smith2024", john));
  assert_true(found("john2024", john));  // "john": 4 letters
  assert_false(found("jo-sm-2024", john));
  assert_true(found("zhangwei88", named("Zhang Wei")));
  assert_true(found("weizhang88", named("Zhang Wei")));
  assert_true(found("maria-jose", named("María-José")) == false);  // accents kept as written
  assert_true(found("maríajosé", named("María-José")));
}

void username_email_prefix_and_mobile(void**) {
  const UserData user{"alice", "", "+86 138-0013-8000", "Zhang.Wei@example.com"};
  assert_true(found("xAlicex1", user));
  assert_true(found("Pw-zhang.wei-1", user));
  assert_true(found("a8613800138000b", user));
  assert_true(found("call13800138000", user));
  assert_false(found("0138-only", user));
  assert_false(found("zhangwei", user));  // the prefix is matched as written
  const UserData short_names{"ab", "", "", "ab@example.com"};
  assert_false(found("xxabxx", short_names));  // shorter than min_length
}

// The national number is found whatever notation the tenant or --mobile uses.
void mobile_in_every_notation(void**) {
  for (std::string_view notation :
       {"+8613800138000", "0086 13800138000", "008613800138000", "(+86)13800138000",
        "(+86) 138 0013 8000", "+86.138.0013.8000", "+86-138-0013-8000", "86 138 0013 8000",
        "8613800138000", "86-13800138000", "138 0013 8000", "138-0013-8000", "13800138000",
        "00 86 13800138000"}) {
    const UserData user{"u", "", notation, ""};
    if (!found("Pw#13800138000", user)) print_message("missed in '%s'\n", notation.data());
    assert_true(found("Pw#13800138000", user));
    assert_false(found("Pw#1380013800", user));  // one digit short is not the number
  }
  // Other country codes, when a separator sets them apart.
  assert_true(found("x5551234567x", {"u", "", "+1 (555) 123-4567", ""}));
  assert_true(found("x7700900123x", {"u", "", "(+44) 7700 900123", ""}));
  // Without a country code, the digits are the number: no "86" is taken off.
  assert_false(found("x13800138000x", {"u", "", "86138001380", ""}));
}

void each_item_can_be_turned_off(void**) {
  const UserData user{"alice", "张三", "13800138000", "bob@example.com"};
  const PersonalDataRule none{false, false, false, false, 3, 4, false};
  assert_false(found("alice-zhangsan-13800138000-bob", user, none));
  auto rule = none;
  rule.email_prefix = true;
  assert_true(found("xbobx", user, rule));
  assert_false(found("alice", user, rule));
}

void invalid_user_data_is_ignored(void**) {
  const UserData broken{"\xFF\xFE", "\xC0\xAF", "", "\xFF@x"};
  assert_false(found("anything-goes-1", broken));
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(full_pinyin_in_both_orders),
      cmocka_unit_test(surname_and_given_name_alone_when_long_enough),
      cmocka_unit_test(initials_only_when_configured),
      cmocka_unit_test(every_reading_of_polyphonic_characters),
      cmocka_unit_test(compound_surnames_split_anywhere),
      cmocka_unit_test(latin_names_are_used_as_written),
      cmocka_unit_test(username_email_prefix_and_mobile),
      cmocka_unit_test(mobile_in_every_notation),
      cmocka_unit_test(each_item_can_be_turned_off),
      cmocka_unit_test(invalid_user_data_is_ignored),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
