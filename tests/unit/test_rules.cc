#include <string>

#include "cmocka_cpp.h"
#include "policy/unicode.h"
#include "policy_fixtures.h"

using namespace pam_idaas::policy;
using Rules = std::vector<Rule>;

namespace {

Verdict check(const PolicySettings& settings, std::string_view password,
              const UserData& user = {"alice", "", "", ""}) {
  return Policy(settings).check(password, user);
}

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

void length_is_counted_in_code_points(void**) {
  auto s = no_rules();
  s.length = {8, 12};
  assert_true(check(s, "abcdefg").has(Rule::length));
  assert_true(check(s, "abcdefgh").accepted());
  assert_true(check(s, "abcdefghijkl").accepted());
  assert_true(check(s, "abcdefghijklm").has(Rule::length));
  assert_true(check(s, repeat("密", 8)).accepted());  // 24 bytes, 8 code points
  assert_true(check(s, repeat("密", 7)).has(Rule::length));
  assert_true(check(s, repeat("\xF0\x9F\x98\x80", 12)).accepted());  // 12 emoji
  assert_true(check(s, repeat("\xF0\x9F\x98\x80", 13)).has(Rule::length));
  assert_true(check(s, "abcdefe\xCC\x81").accepted());  // e + combining acute: 2 code points
  const auto v = check(s, "short").violations.at(0);
  assert_int_equal(v.first, 8);
  assert_int_equal(v.second, 12);
}

void input_over_the_cap_is_refused_before_analysis(void**) {
  auto s = no_rules();
  s.max_consecutive_repeats = 3;
  assert_true(check(s, std::string(kInputCapBytes + 1, 'a')).violations.size() == 1);
  assert_true(rules_of(check(s, std::string(kInputCapBytes + 1, 'a'))) == Rules{Rule::too_long});
  assert_true(check(s, repeat("ab", kInputCapBytes / 2)).accepted());  // exactly at the cap
  assert_int_equal(check(s, std::string(1 << 20, 'x')).violations.at(0).first, kInputCapBytes);
}

void invalid_utf8_is_its_own_error(void**) {
  auto s = no_rules();
  s.length = {8, 64};
  const auto v = check(s, "abc\xFF");
  assert_true(rules_of(v) == Rules{Rule::invalid_utf8});
  assert_int_equal(v.violations[0].first, 4);  // 1-based byte position
  assert_true(rules_of(check(s,
                             "\xED\xA0\x80"
                             "abcdefgh")) == Rules{Rule::invalid_utf8});
}

void empty_password_is_its_own_error(void**) {
  auto s = no_rules();
  s.length = {8, 64};
  assert_true(rules_of(check(s, "")) == Rules{Rule::empty});
  assert_true(rules_of(Policy::check_old_password("")) == Rules{Rule::old_password_empty});
  assert_true(Policy::check_old_password("x").accepted());
}

void control_characters_are_refused(void**) {
  const auto s = no_rules();
  for (std::string_view pw : {std::string_view("abc\tdef"), std::string_view("abc\0def", 7),
                              std::string_view("abc\x7F"), std::string_view("ab\xC2\x85")}) {
    assert_true(rules_of(check(s, pw)) == Rules{Rule::control_characters});
  }
  assert_true(check(s, "pass word").accepted());  // a space is an ordinary special character
}

void control_characters_end_the_check(void**) {
  // Like invalid UTF-8: no other rule looks at the text (pam-idaas(1), docs/rules.md).
  PolicySettings s;
  s.history.remember = 0;
  const UserData alice{"alice", "", "", ""};
  assert_true(rules_of(check(s, "\x01" "alice", alice)) == Rules{Rule::control_characters});
  assert_true(rules_of(check(s, "password\t", alice)) == Rules{Rule::control_characters});
}

void complexity_counts_classes(void**) {
  auto s = no_rules();
  s.complexity.min_classes = 3;
  auto v = check(s, "abcdefgh");
  assert_true(rules_of(v) == Rules{Rule::complexity});
  assert_int_equal(v.violations[0].complexity.classes_required, 3);
  assert_int_equal(v.violations[0].complexity.classes_present, 1);
  assert_true(check(s, "abcdEF12").accepted());
  assert_true(check(s, "abcdEF!!").accepted());
  assert_true(check(s, "abcd12!!").accepted());
  assert_true(check(s, "abcd1234").has(Rule::complexity));
  assert_true(check(s, "парольПАРОЛЬ1").accepted());  // Cyrillic has case
  assert_true(check(s, "密码abc123").accepted());     // CJK counts as special
  s.complexity.min_classes = 4;
  assert_true(check(s, "abcdEF12").has(Rule::complexity));
  assert_true(check(s, "abcdEF1!").accepted());
}

void complexity_counts_minimum_per_class(void**) {
  auto s = no_rules();
  s.complexity = {0, 1, 2, 2, 1};
  auto v = check(s, "abcDefg1");
  assert_true(rules_of(v) == Rules{Rule::complexity});
  const auto& shortfall = v.violations[0].complexity;
  assert_int_equal(shortfall.missing_lower, 0);
  assert_int_equal(shortfall.missing_upper, 1);
  assert_int_equal(shortfall.missing_digit, 1);
  assert_int_equal(shortfall.missing_special, 1);
  assert_int_equal(shortfall.classes_required, 0);
  assert_true(check(s, "aBC12!").accepted());
  assert_str_eq(message(v.violations[0], Language::en),
                "Password complexity is low, uppercase letters: 1 more needed; digits: 1 more "
                "needed; special characters: 1 more needed");
}

void repeats_are_consecutive_identical_code_points(void**) {
  auto s = no_rules();
  s.max_consecutive_repeats = 3;
  assert_true(check(s, "xaaay").accepted());
  auto v = check(s, "xaaaay");
  assert_true(rules_of(v) == Rules{Rule::repeats});
  assert_int_equal(v.violations[0].first, 3);
  assert_true(check(s, "aAaAaA").accepted());    // case matters: not the same character
  assert_true(check(s, "abababab").accepted());  // not consecutive
  assert_true(check(s, "密密密码").accepted());
  assert_true(check(s, "密密密密").has(Rule::repeats));
  assert_true(check(s, repeat("\xF0\x9F\x98\x80", 4)).has(Rule::repeats));
  s.max_consecutive_repeats = 0;
  assert_true(check(s, "aaaaaaaa").accepted());
}

void username_equal_and_reversed(void**) {
  auto s = no_rules();
  s.username = {true, true, false};
  const UserData alice{"alice", "", "", ""};
  assert_true(rules_of(check(s, "Alice", alice)) == Rules{Rule::equals_username});
  assert_true(rules_of(check(s, "ECILA", alice)) == Rules{Rule::reversed_username});
  assert_true(check(s, "alice1", alice).accepted());
  s.username.case_sensitive = true;
  assert_true(check(s, "Alice", alice).accepted());
  assert_true(check(s, "alice", alice).has(Rule::equals_username));
  assert_true(check(s, "ecilA", alice).accepted());
  s.username = {true, true, false};
  const UserData chinese{"张三丰", "", "", ""};
  assert_true(check(s, "丰三张", chinese).has(Rule::reversed_username));
  s.username.reject_reversed = false;
  assert_true(check(s, "ecila", alice).accepted());
}

void weak_passwords_match_after_case_folding(void**) {
  auto s = no_rules();
  s.weak_passwords.builtin_list = true;
  assert_true(unicode::common_password_count() >= 10000);
  assert_true(rules_of(check(s, "password")) == Rules{Rule::weak});
  assert_true(check(s, "PassWord").has(Rule::weak));
  assert_true(check(s, "QWERTY").has(Rule::weak));
  assert_true(check(s, "1qaz2wsx").has(Rule::weak));
  assert_true(check(s, "password1!x").accepted());  // exact match only
  s.weak_passwords.words = {"CorpName2024", "Straße"};
  assert_true(check(s, "corpname2024").has(Rule::weak));
  assert_true(check(s, "STRASSE").has(Rule::weak));
  s.weak_passwords.builtin_list = false;
  assert_true(check(s, "password").accepted());
}

void weak_rule_estimates_guesses(void**) {
  auto s = no_rules();
  s.weak_passwords.guessable = true;  // min_guesses_log10: 10, the default
  const auto v = check(s, "Welcome22?");
  assert_true(rules_of(v) == Rules{Rule::weak});
  assert_str_eq(message(v.violations[0], Language::en),
                "This password is a weak password: a common password with digits, symbols added");
  assert_str_eq(message(v.violations[0], Language::zh), "该密码为弱密码：常见密码加数字、符号");
  const auto walk = check(s, "zaq1@WSX");
  assert_str_eq(message(walk.violations.at(0), Language::en),
                "This password is a weak password: a keyboard pattern");
  assert_str_eq(message(walk.violations.at(0), Language::zh), "该密码为弱密码：键盘上相邻的按键");
  for (const char* weak : {"Summer2024!", "Abc123!@#", "Huawei@123", "P@$$w0rd", "Admin15@",
                           "1qaz@WSX3edc", "Test@1234"}) {
    assert_true(rules_of(check(s, weak)) == Rules{Rule::weak});
  }
  assert_true(check(s, "k7Rm$x2Q").accepted());
  assert_true(check(s, "Blue-Kettle-42").accepted());
  assert_true(check(s, "correct horse battery staple").accepted());
  s.weak_passwords.min_guesses_log10 = 6;  // Welcome22? costs about 10^7
  assert_true(check(s, "Welcome22?").accepted());
  s.weak_passwords.min_guesses_log10 = 10;
  s.weak_passwords.guessable = false;
  assert_true(check(s, "Welcome22?").accepted());
}

void weak_list_hits_name_a_common_password(void**) {
  auto s = no_rules();
  s.weak_passwords.builtin_list = true;
  const auto v = check(s, "Password");
  assert_true(rules_of(v) == Rules{Rule::weak});
  assert_str_eq(message(v.violations[0], Language::en),
                "This password is a weak password: a common password");
  assert_str_eq(message(v.violations[0], Language::zh), "该密码为弱密码：常见密码");
}

void every_violation_is_reported(void**) {
  PolicySettings s;  // the defaults of the sample config
  s.history.remember = 0;
  const UserData zhang{"zhangsan", "张三", "13800138000", "zs@example.com"};
  const auto v = check(s, "zhangsan", zhang);
  // In the table's order (docs/rules.md): codes ascending, whatever order the checks run in.
  assert_true(rules_of(v) ==
              (Rules{Rule::equals_username, Rule::complexity, Rule::weak, Rule::personal_data}));
  const auto w = check(s, "aaaa", zhang);
  assert_true(rules_of(w) == (Rules{Rule::length, Rule::complexity, Rule::weak, Rule::repeats}));
  assert_true(check(s, "Blue-Kettle-42", zhang).accepted());
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(length_is_counted_in_code_points),
      cmocka_unit_test(input_over_the_cap_is_refused_before_analysis),
      cmocka_unit_test(invalid_utf8_is_its_own_error),
      cmocka_unit_test(empty_password_is_its_own_error),
      cmocka_unit_test(control_characters_are_refused),
      cmocka_unit_test(control_characters_end_the_check),
      cmocka_unit_test(complexity_counts_classes),
      cmocka_unit_test(complexity_counts_minimum_per_class),
      cmocka_unit_test(repeats_are_consecutive_identical_code_points),
      cmocka_unit_test(username_equal_and_reversed),
      cmocka_unit_test(weak_passwords_match_after_case_folding),
      cmocka_unit_test(weak_rule_estimates_guesses),
      cmocka_unit_test(weak_list_hits_name_a_common_password),
      cmocka_unit_test(every_violation_is_reported),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
