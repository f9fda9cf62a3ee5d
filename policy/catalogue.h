// The one catalogue of rules: each rule's id, its code in both tenant code
// families, and its message in every supported language. Everything that
// reports a verdict (admin tool, PAM module, tenant error mapping) reads it
// from here, so a user hears the same words whoever refused the password.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace pam_idaas::policy {

enum class Rule {
  empty,
  length,
  equals_username,
  reversed_username,
  complexity,
  weak,
  history,
  repeats,
  personal_data,
  old_password_empty,
  old_password_incorrect,
  user_not_found,
  invalid_utf8,
  too_long,
  control_characters,
};

enum class Language { en, zh };

struct RuleInfo {
  Rule rule;
  std::string_view id;           // stable name used in config, JSON and logs
  std::string_view verify_code;  // change-password-verify family (PWD.00xx)
  std::string_view admin_code;   // change-password family (IDAAS.TENANT.*); empty: none
  std::string_view en;           // templates; {0} {1} are the rule's parameters
  std::string_view zh;
};

// Words that message parameters are built from (the {0} of the complexity
// message names the missing character classes in the user's language).
enum class Phrase {
  lower_letters,
  upper_letters,
  digits,
  special_characters,
  missing_count,  // {0} count, {1} class
  missing_kinds,  // {0} kinds required, {1} kinds still needed, {2} list of classes
  list_separator,
  clause_separator,
  accepted,  // the verdict when no rule is violated
};

struct PhraseInfo {
  Phrase phrase;
  std::string_view en;
  std::string_view zh;
};

std::span<const RuleInfo> catalogue();
const RuleInfo& info(Rule rule);
std::string_view template_for(Rule rule, Language language);
std::string_view phrase(Phrase p, Language language);

// Tenant error code (either family) to the rule it reports.
std::optional<Rule> rule_for_code(std::string_view code);

// Language from a locale name such as "zh_CN.UTF-8"; English otherwise.
Language language_from_locale(std::string_view locale);
// Language of this process, from LC_ALL, LC_MESSAGES and LANG, in that order.
Language language_from_environment();

}  // namespace pam_idaas::policy
