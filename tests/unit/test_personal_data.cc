#include <string>

#include "base/unicode.h"
#include "base/utf8.h"
#include "cmocka_cpp.h"
#include "policy/personal_data.h"
#include "policy/policy.h"

using namespace pam_idaas;
using namespace pam_idaas::policy;

namespace {

PersonalDataRule all_on() { return {true, true, true, true, 3, 4, false, true}; }

PersonalDataRule as_written() {
  auto rule = all_on();
  rule.disguised = false;
  return rule;
}

bool found(std::string_view password, const UserData& user,
           const PersonalDataRule& rule = all_on()) {
  const auto decoded = utf8::decode(password);
  return static_cast<bool>(contains_personal_data(unicode::fold(decoded.text), user, rule));
}

PersonalDataFound what(std::string_view password, const UserData& user,
                       const PersonalDataRule& rule = all_on()) {
  const auto decoded = utf8::decode(password);
  return contains_personal_data(unicode::fold(decoded.text), user, rule);
}

// Found as `finding`, dressed up exactly with `additions`.
void assert_found_as(std::string_view password, const UserData& user, Finding finding,
                     unsigned additions) {
  const PersonalDataFound found = what(password, user);
  if (found.finding != finding || found.additions != additions) {
    fail_msg("%s: finding %d additions %u, expected %d %u", password.data(),
             static_cast<int>(found.finding), found.additions, static_cast<int>(finding),
             additions);
  }
}

UserData named(std::string_view real_name) { return {"u", real_name, "", ""}; }

void full_pinyin_in_both_orders(void**) {
  const auto zhang = named("张三");
  assert_true(found("zhangsan@2024", zhang));
  assert_true(found("X-ZhangSan-9", zhang));
  assert_true(found("Sanzhang!", zhang));
  assert_false(found("zhan-gsan", zhang, as_written()));
  assert_true(found("zhan-gsan", zhang));  // a separator does not hide it
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
  assert_false(found("zhangwei", user, as_written()));  // the prefix is matched as written
  assert_true(found("zhangwei", user));                 // or without its separator
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
  const PersonalDataRule none{false, false, false, false, 3, 4, false, true};
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

// Issue 19: the user's data found as attackers try it.
void username_disguised_and_backwards(void**) {
  const UserData user{"danwei", "", "", ""};
  assert_found_as("Danwei88", user, Finding::username, 0);
  assert_found_as("D@nwei88!", user, Finding::username, added::disguised);
  assert_found_as("Dan_wei1979=", user, Finding::username, added::disguised);
  assert_found_as("d.a.n.w.e.i", user, Finding::username, added::disguised);
  assert_found_as("x-d4nw31-x", user, Finding::username, added::disguised);
  assert_found_as("IEWNAD%62", user, Finding::username, added::backwards);
  assert_found_as("Ie.wn@d%62", user, Finding::username, added::backwards | added::disguised);
  assert_found_as("Kettle#D@nwei#Lamp", user, Finding::username, added::disguised);
  assert_false(found("D@nwei88!", user, as_written()));
  assert_false(found("IEWNAD%62", user, as_written()));
  assert_false(found("Dan#1979wei", user));  // digits between are not a disguise
  assert_false(found("Danwe", user));
}

void mobile_typed_with_separators(void**) {
  const UserData user{"u", "", "+86 138 0013 8000", ""};
  assert_found_as("Pw#13800138000", user, Finding::mobile, 0);
  assert_found_as("Pw#138-0013-8000", user, Finding::mobile, added::disguised);
  assert_found_as("Pw 138 0013 8000", user, Finding::mobile, added::disguised);
  assert_found_as("Pw#+86.138.0013.8000", user, Finding::mobile, added::disguised);
  assert_found_as("Pw#l38OOl38OOO", user, Finding::mobile, added::disguised);
  assert_found_as("Pw#00083100831", user, Finding::mobile, added::backwards);
  assert_false(found("Pw#138-0013-8000", user, as_written()));
  assert_false(found("Pw#138-0013-800", user));
  assert_false(found("Pw#138-0013x8000", user));  // a letter between is another text
}

void email_prefix_parts(void**) {
  const UserData john{"u", "", "", "john.smith@example.com"};
  assert_found_as("Pw#john.smith", john, Finding::email_prefix, 0);
  assert_found_as("Johnsmith#42", john, Finding::email_prefix, added::disguised);
  assert_found_as("John#2024xx", john, Finding::email_prefix, 0);
  assert_found_as("Smith#2024x", john, Finding::email_prefix, 0);
  assert_found_as("Htims#2024x", john, Finding::email_prefix, added::backwards);
  assert_false(found("Johnsmith#42", john, as_written()));
  const UserData tagged{"u", "", "", "johnny+work@example.com"};
  assert_found_as("Johnny#2024", tagged, Finding::email_prefix, 0);
  assert_false(found("Work#2024xx", tagged));  // the mailbox tag is not the prefix
  const UserData short_part{"u", "", "", "jo.smith@example.com"};
  assert_false(found("Jo#2024xyz", short_part));  // a part shorter than min_length
  assert_true(found("Jo.Smith#1", short_part));
  assert_true(found("Josmith#1", short_part));
}

void name_in_its_own_script(void**) {
  const auto zhang = named("张三");
  assert_found_as("张三#Kettle12", zhang, Finding::name, 0);
  assert_found_as("三张#Kettle12", zhang, Finding::name, 0);
  assert_found_as("张_三#Kettle12", zhang, Finding::name, added::disguised);
  assert_found_as("Zhang三#Kettle", zhang, Finding::name, 0);
  assert_false(found("张#Kettle1234", zhang));  // one character alone is not the name
  assert_false(found("张三#Kettle12", zhang, as_written()));
}

void names_in_scripts_without_case(void**) {
  assert_found_as("محمد2024!", named("محمد علي"), Finding::name, 0);
  assert_found_as("x!محمدعلي", named("محمد علي"), Finding::name, 0);
  assert_found_as("דודלוי!1", named("דוד לוי"), Finding::name, 0);
  assert_found_as("さとう#123", named("さとう"), Finding::name, 0);
  assert_found_as("김민수@2024", named("김민수"), Finding::name, 0);
  assert_found_as("สมชาย1234", named("สมชาย"), Finding::name, 0);
  assert_false(found("محمد2024!", named("محمد علي"), as_written()));
  assert_false(found("さと#123456", named("さとう")));
}

void name_disguised_and_backwards(void**) {
  const auto zhang = named("张三");
  assert_found_as("Zhang_San88", zhang, Finding::name, 0);  // "zhang" alone, as written
  assert_found_as("Zh_ang_San88", zhang, Finding::name, added::disguised);
  assert_found_as("Zh@ngS4n88", zhang, Finding::name, added::disguised);
  assert_found_as("Nasgnahz!1", zhang, Finding::name, added::backwards);
  assert_found_as("N4s_gn@hz!1", zhang, Finding::name, added::backwards | added::disguised);
  assert_false(found("Zh_ang_San88", zhang, as_written()));
  // Backwards only in up to 256 characters; forwards in any length.
  const std::string filler(248, 'k');
  assert_found_as(filler + "Nasgnahz", zhang, Finding::name, added::backwards);  // 256
  assert_false(found("k" + filler + "Nasgnahz", zhang));                         // 257
  assert_found_as(filler + filler + "Zhangsan", zhang, Finding::name, 0);
}

// A surname or given name alone is not the name where it is only a piece of
// a longer common word; the whole name, and a part standing apart, still are.
void name_parts_inside_common_words_do_not_count(void**) {
  const auto shan = named("单伟");
  assert_false(found("Shanghai@123", shan));
  assert_false(found("Chance#2024", shan));
  assert_false(found("Merchant#42", shan));
  assert_false(found("Sh4ngh@i#123", shan));
  assert_false(found("Iahgnahs@123", shan));  // backwards, still Shanghai
  assert_true(found("shan1980", shan));
  assert_true(found("Shan#Kettle", shan));
  assert_true(found("Shanwei#1", shan));                   // the whole name
  assert_true(found("Shanghai@123", shan, as_written()));  // as before
  const auto li = named("李明");
  assert_false(found("Programming#42", li));
  assert_true(found("Ming#2024x", li));
  assert_true(found("liming#42", li));
  const auto zhang = named("张三");
  assert_true(found("zhangsan", zhang));
  assert_true(found("Zhang_San88", zhang));
}

std::string repeated(std::string_view piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// A policy's longest password holds few name pieces: every one is looked up
// among common words. Past 32 look-ups in one search (only far longer text),
// a piece counts as the name, so the cost stays bounded.
void common_word_look_ups_are_bounded(void**) {
  const auto shan = named("单伟");
  assert_false(found(repeated("Shanghai", 8), shan));  // 64 characters, 8 look-ups
  assert_true(found(repeated("Shanghai", 64), shan));  // 512 characters: past the budget
}

// The data side by side in more than one word of state, and a datum longer
// than the 64 characters searched for.
void long_data_are_all_searched_for(void**) {
  const std::string login(40, 'q');
  const std::string email = std::string(30, 'k') + "." + std::string(30, 'w') + "@example.com";
  const UserData user{login, "", "+86 138 0013 8000", email};
  assert_found_as("Pw#138-0013-8000", user, Finding::mobile, added::disguised);
  assert_found_as("A1!" + std::string(30, 'w'), user, Finding::email_prefix, 0);
  assert_found_as("A1!" + login, user, Finding::username, 0);
  const std::string long_login = std::string(70, 'z') + "tail";
  const UserData very_long{long_login, "", "", ""};
  assert_true(found(std::string(64, 'z'), very_long));  // its first 64 characters
  assert_false(found(std::string(63, 'z'), very_long));
}

// The violation says what was found, in both languages.
void the_message_names_the_finding(void**) {
  PolicySettings settings;
  settings.complexity = {0, 0, 0, 0, 0};
  settings.weak_passwords.builtin_list = false;
  settings.weak_passwords.guessable = false;
  const Policy policy(settings);
  const UserData user{"alice", "张三", "", ""};
  const Verdict verdict = policy.check("Nasgnahz!1", user);
  assert_int_equal(verdict.violations.size(), 1);
  const Violation& v = verdict.violations[0];
  assert_true(v.rule == Rule::personal_data);
  assert_string_equal(message(v, Language::en).c_str(),
                      "Password cannot contain: username, mobile number, email prefix, name in "
                      "Pinyin: your name, written backwards");
  assert_string_equal(message(v, Language::zh).c_str(),
                      "密码不能包含：用户名、手机号、邮箱前缀、姓名拼音：姓名（倒序）");
  const Verdict other = policy.check("Pw-@lice-2024", user);
  const Violation& disguised = other.violations.at(0);
  assert_string_equal(message(disguised, Language::en).c_str(),
                      "Password cannot contain: username, mobile number, email prefix, name in "
                      "Pinyin: your username, disguised");
  assert_string_equal(message(disguised, Language::zh).c_str(),
                      "密码不能包含：用户名、手机号、邮箱前缀、姓名拼音：用户名（变形）");
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
      cmocka_unit_test(username_disguised_and_backwards),
      cmocka_unit_test(mobile_typed_with_separators),
      cmocka_unit_test(email_prefix_parts),
      cmocka_unit_test(name_in_its_own_script),
      cmocka_unit_test(names_in_scripts_without_case),
      cmocka_unit_test(name_disguised_and_backwards),
      cmocka_unit_test(name_parts_inside_common_words_do_not_count),
      cmocka_unit_test(common_word_look_ups_are_bounded),
      cmocka_unit_test(long_data_are_all_searched_for),
      cmocka_unit_test(the_message_names_the_finding),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
