#include <string>

#include "base/unicode.h"
#include "cmocka_cpp.h"
#include "policy/lexicon.h"
#include "policy/similarity.h"
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
  assert_true(rules_of(check(s,
                             "\x01"
                             "alice",
                             alice)) == Rules{Rule::control_characters});
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
  assert_true(lexicon::common_password_count() >= 10000);
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

// Issue 19: a long passphrase needs no mix of character classes; every other
// rule still applies to it.
void passphrases_are_exempt_from_the_class_rule_only(void**) {
  auto s = no_rules();
  s.complexity = {3, 0, 0, 0, 0};
  s.max_consecutive_repeats = 3;
  const std::string phrase = "correct horse battery staple";  // 28 code points, 2 classes
  assert_true(check(s, phrase).has(Rule::complexity));        // off by default
  s.passphrase.min_length = 20;
  assert_true(check(s, phrase).accepted());
  assert_true(check(s, "correct horse battery").accepted());     // exactly 21 >= 20
  assert_true(check(s, "correct horse").has(Rule::complexity));  // shorter: a password
  assert_true(rules_of(check(s, "correct horse batteryyyy")) == Rules{Rule::repeats});
  s.passphrase.min_length = 29;
  assert_true(check(s, phrase).has(Rule::complexity));
}

// Characters without case stay "special": a Han passphrase is one class, and
// long enough it needs no other.
void a_han_passphrase_counts_its_code_points(void**) {
  auto s = no_rules();
  s.complexity = {3, 0, 0, 0, 0};
  const std::string han = repeat("春眠不觉晓处处闻啼鸟夜来风雨声花落知多", 1);  // 19 code points
  assert_true(check(s, han).has(Rule::complexity));
  const auto v = check(s, han).violations.at(0);
  assert_true(v.complexity.has_special && !v.complexity.has_lower);
  s.passphrase.min_length = 20;
  assert_true(check(s, han).has(Rule::complexity));  // 19 < 20
  assert_true(check(s, han + "少").accepted());      // 20 code points, 60 bytes
}

Verdict check_replacing(const PolicySettings& settings, std::string_view current,
                        std::string_view password) {
  return Policy(settings).check(password, {"alice", "", "", ""}, Previous{nullptr, current});
}

void a_new_password_must_differ_from_the_current_one(void**) {
  auto s = no_rules();
  const auto similar = [&](std::string_view current, std::string_view password) {
    const Verdict v = check_replacing(s, current, password);
    if (v.accepted()) return false;
    assert_true(rules_of(v) == Rules{Rule::history});
    assert_true(v.violations[0].finding == Finding::similar_to_current);
    return true;
  };
  assert_true(similar("Brass-Lamp-97", "brass-lamp-97"));
  assert_true(similar("Summer2024!", "Summer2025!"));
  assert_true(similar("Summer2024!", "Summer2024!x"));
  assert_true(similar("P@ssw0rd-Kettle", "password-kettle"));  // look-alikes undone
  assert_true(similar("Quiet-River-58", "Quiet-River-5"));
  assert_false(similar("Summer2024!", "Winter2024!"));  // 4 edits
  assert_false(similar("Brass-Lamp-97", "Amber-Falcon-77"));
  assert_false(similar("Quiet-River-58", "Quiet-River-123"));                // 3 edits: enough
  assert_false(check_replacing(s, "", "brass-lamp-97").has(Rule::history));  // unknown
  assert_false(check_replacing(s, "\xFF", "\xFF").has(Rule::history));       // not text
  s.similarity.min_changes = 0;
  assert_false(similar("Brass-Lamp-97", "brass-lamp-97"));
  s.similarity.min_changes = 5;
  assert_true(similar("Summer2024!", "Winter2024!"));
  const Verdict v = check_replacing(s, "Brass-Lamp-97", "brass-lamp-97");
  assert_string_equal(message(v.violations[0], Language::en).c_str(),
                      "Historical passwords are not allowed: too similar to the current password");
}

void edits_are_counted_within_a_band(void**) {
  assert_true(within_edits(U"kitten", U"sitting", 3));
  assert_false(within_edits(U"kitten", U"sitting", 2));
  assert_true(within_edits(U"", U"abc", 3));
  assert_false(within_edits(U"", U"abcd", 3));
  assert_true(within_edits(U"abcdef", U"abcdef", 0));
  assert_false(within_edits(U"abcdef", U"abcdeg", 0));
  assert_true(within_edits(U"abcdefgh", U"bcdefghx", 2));  // one deleted, one added
  assert_false(within_edits(U"abcdefgh", U"hgfedcba", 6));
  // Far apart in length: answered before any row.
  assert_false(within_edits(std::u32string(4096, U'a'), U"a", 63));
  assert_true(within_edits(std::u32string(4096, U'a'), std::u32string(4090, U'a'), 6));
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
      cmocka_unit_test(passphrases_are_exempt_from_the_class_rule_only),
      cmocka_unit_test(a_han_passphrase_counts_its_code_points),
      cmocka_unit_test(a_new_password_must_differ_from_the_current_one),
      cmocka_unit_test(edits_are_counted_within_a_band),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
