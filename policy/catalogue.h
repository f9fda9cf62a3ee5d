// The one catalogue of rules: each rule's id, its code in both tenant code
// families, and its message in every supported language. Everything that
// reports a verdict (admin tool, PAM module, tenant error mapping) reads it
// from here, so a user hears the same words whoever refused the password.
#pragma once

#include <optional>
#include <span>
#include <string>
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
  accepted,        // the verdict when no rule is violated
  found,           // {0} the rule's message, {1} what was found in the password
  with_additions,  // {0} a finding, {1} the kinds of characters added to it
  added_digits,
  added_symbols,
  added_letters,
  written_backwards,  // {0} a finding of personal data, read backwards
  disguised,          // {0} a finding of personal data, with look-alike characters or separators
};

// What a rule found in the password, so that its message can say which part
// made it weak (PWD.0006), whose data it holds (PWD.0009) or that it is the
// current password barely changed (PWD.0007).
enum class Finding {
  none,
  common_password,  // weak
  common_word,
  pinyin,
  keyboard_walk,
  sequence,
  repeated_block,
  date,
  patterns,
  username,  // personal data
  mobile,
  email_prefix,
  name,
  similar_to_current,  // history
};

struct FindingInfo {
  Finding finding;
  std::string_view en;
  std::string_view zh;
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
std::string_view finding_text(Finding f, Language language);

// Tenant error code (either family) to the rule it reports.
std::optional<Rule> rule_for_code(std::string_view code);

// Language from a locale name such as "zh_CN.UTF-8"; English otherwise.
Language language_from_locale(std::string_view locale);

// The variables that name the messages' locale in one environment; "" where
// unset. The policy reads no environment: config/language.h reads the
// process's, the module hands over the PAM session's.
struct LocaleVariables {
  std::string lc_all, lc_messages, lang;
};
// The language the first set variable names, in setlocale(3)'s order for
// messages: LC_ALL, LC_MESSAGES, LANG. Nothing when none is set.
std::optional<Language> language_from(const LocaleVariables& variables);

}  // namespace pam_idaas::policy
