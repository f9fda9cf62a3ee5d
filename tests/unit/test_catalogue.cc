#include <fstream>
#include <set>

#include "cmocka_cpp.h"
#include "config/language.h"
#include "policy/catalogue.h"
#include "policy/verdict.h"
#include "translations.h"

using namespace pam_idaas::policy;
using pam_idaas::config::language_from_environment;
using translations::complete;

namespace {

void every_rule_has_codes_and_both_languages(void**) {
  std::set<std::string_view> ids;
  for (const auto& rule : catalogue()) {
    assert_false(rule.id.empty());
    assert_true(ids.insert(rule.id).second);
    assert_false(rule.verify_code.empty());
    assert_true(complete(rule.en, rule.zh));
    assert_true(&info(rule.rule) == &rule);
  }
  assert_int_equal(catalogue().size(), 15);
}

void every_phrase_is_translated(void**) {
  for (int p = 0; p <= static_cast<int>(Phrase::accepted); ++p) {
    const auto phrase_id = static_cast<Phrase>(p);
    const auto en = phrase(phrase_id, Language::en);
    const auto zh = phrase(phrase_id, Language::zh);
    // Separators are punctuation: full-width in Chinese, but no ideograph.
    if (phrase_id == Phrase::list_separator || phrase_id == Phrase::clause_separator) {
      assert_true(!zh.empty() && zh != en);
    } else {
      assert_true(complete(en, zh));
    }
  }
}

// Every code of tenant-api.md, both families, resolves to its rule.
void tenant_codes_map_to_rules(void**) {
  const std::pair<std::string_view, Rule> cases[] = {
      {"USER.0001", Rule::user_not_found},
      {"PWD.0001", Rule::empty},
      {"PWD.0002", Rule::length},
      {"PWD.0003", Rule::equals_username},
      {"PWD.0004", Rule::reversed_username},
      {"PWD.0005", Rule::complexity},
      {"PWD.0006", Rule::weak},
      {"PWD.0007", Rule::history},
      {"PWD.0008", Rule::repeats},
      {"PWD.0009", Rule::personal_data},
      {"PWD.0011", Rule::old_password_empty},
      {"PWD.0014", Rule::old_password_incorrect},
      {"IDAAS.TENANT.USER.0001", Rule::user_not_found},
      {"IDAAS.TENANT.PWD.0001", Rule::history},
      {"IDAAS.TENANT.PWD.0002", Rule::reversed_username},
      {"IDAAS.TENANT.PWD.0003", Rule::personal_data},
      {"IDAAS.TENANT.PWD.0004", Rule::complexity},
      {"IDAAS.TENANT.PWD.0005", Rule::weak},
      {"IDAAS.TENANT.PWD.0006", Rule::repeats},
      {"IDAAS.TENANT.PWD.0007", Rule::length},
  };
  for (const auto& [code, rule] : cases) {
    const auto found = rule_for_code(code);
    assert_true(found.has_value());
    assert_int_equal(*found, rule);
  }
  assert_false(rule_for_code("PWD.0010").has_value());
  assert_false(rule_for_code("PWD.0012").has_value());
  assert_false(rule_for_code("").has_value());
}

void messages_fill_parameters_in_both_languages(void**) {
  const Violation length{Rule::length, 8, 64};
  assert_str_eq(message(length, Language::en), "Password length must be 8~64 characters");
  assert_str_eq(message(length, Language::zh), "密码长度必须为8~64个字符");
  const Violation repeats{Rule::repeats, 3};
  assert_str_eq(message(repeats, Language::en),
                "Maximum character repetition in password cannot exceed 3");
  assert_str_eq(message(repeats, Language::zh), "密码中同一字符连续重复不能超过3次");
}

void complexity_message_names_what_is_missing(void**) {
  Violation v{Rule::complexity};
  v.complexity.missing_upper = 1;
  v.complexity.missing_digit = 2;
  v.complexity.classes_required = 3;
  v.complexity.classes_present = 1;
  v.complexity.has_lower = true;
  assert_str_eq(message(v, Language::en),
                "Password complexity is low, uppercase letters: 1 more needed; digits: 2 more "
                "needed; use at least 3 kinds of characters, add 2 more of: uppercase letters, "
                "digits, special characters");
  assert_str_eq(message(v, Language::zh),
                "密码复杂度不够，缺少1个大写字母；缺少2个数字；至少需要3类字符，"
                "还需从大写字母、数字、特殊字符中再用2类");
}

// docs/rules.md is the admin's view of the catalogue: keep them in step.
void rules_document_lists_every_rule(void**) {
  std::ifstream in(PROJECT_SOURCE_DIR "/docs/rules.md");
  std::string doc;
  for (std::string line; std::getline(in, line);) doc += line + "\n";
  assert_false(doc.empty());
  for (const auto& rule : catalogue()) {
    std::string row = "| `" + std::string(rule.id) + "` |";
    const auto at = doc.find(row);
    assert_true(at != std::string::npos);
    const std::string line = doc.substr(at, doc.find('\n', at) - at);
    assert_true(line.find(std::string(rule.verify_code)) != std::string::npos);
    assert_true(line.find(std::string(rule.admin_code)) != std::string::npos);
    assert_true(line.find(std::string(rule.en)) != std::string::npos);
  }
}

void language_follows_the_locale(void**) {
  assert_int_equal(language_from_locale("zh_CN.UTF-8"), Language::zh);
  assert_int_equal(language_from_locale("zh_TW"), Language::zh);
  assert_int_equal(language_from_locale("en_US.UTF-8"), Language::en);
  assert_int_equal(language_from_locale("C"), Language::en);
  setenv("LC_ALL", "", 1);
  setenv("LC_MESSAGES", "zh_CN.UTF-8", 1);
  setenv("LANG", "en_US.UTF-8", 1);
  assert_int_equal(language_from_environment(), Language::zh);
  setenv("LC_ALL", "C", 1);
  assert_int_equal(language_from_environment(), Language::en);
}

// setlocale(3)'s order for messages within one environment; "" is unset.
void locale_variables_take_precedence_in_order(void**) {
  assert_false(language_from({}).has_value());
  assert_int_equal(*language_from({"", "", "zh_CN.UTF-8"}), Language::zh);
  assert_int_equal(*language_from({"", "en_US.UTF-8", "zh_CN.UTF-8"}), Language::en);
  assert_int_equal(*language_from({"zh_TW.UTF-8", "en_US.UTF-8", "C"}), Language::zh);
  assert_int_equal(*language_from({"C", "zh_CN.UTF-8", "zh_CN.UTF-8"}), Language::en);
}

// The user's session (a PAM environment) first, as a whole; the process (sshd's, with the
// host's LANG from systemd) only when the session names no locale (issue 18, item 12).
void the_session_locale_comes_before_the_process(void**) {
  setenv("LC_ALL", "", 1);
  setenv("LC_MESSAGES", "", 1);
  setenv("LANG", "C", 1);
  assert_int_equal(language_from_environment({"", "", "zh_CN.UTF-8"}), Language::zh);
  assert_int_equal(language_from_environment({}), Language::en);
  setenv("LC_ALL", "zh_CN.UTF-8", 1);  // the process's LC_ALL does not beat the user's LANG
  assert_int_equal(language_from_environment({"", "", "en_US.UTF-8"}), Language::en);
  assert_int_equal(language_from_environment({}), Language::zh);
  unsetenv("LC_ALL");
  unsetenv("LC_MESSAGES");
  unsetenv("LANG");
  assert_int_equal(language_from_environment({}), Language::en);
  assert_int_equal(language_from_environment({"", "zh_SG", ""}), Language::zh);
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(every_rule_has_codes_and_both_languages),
      cmocka_unit_test(every_phrase_is_translated),
      cmocka_unit_test(tenant_codes_map_to_rules),
      cmocka_unit_test(messages_fill_parameters_in_both_languages),
      cmocka_unit_test(complexity_message_names_what_is_missing),
      cmocka_unit_test(rules_document_lists_every_rule),
      cmocka_unit_test(language_follows_the_locale),
      cmocka_unit_test(locale_variables_take_precedence_in_order),
      cmocka_unit_test(the_session_locale_comes_before_the_process),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
