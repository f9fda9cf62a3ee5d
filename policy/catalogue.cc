#include "policy/catalogue.h"

#include <algorithm>
#include <array>

namespace pam_idaas::policy {

namespace {

// Codes come from the tenant's two change-password endpoints
// (docs/rules.md): verify family first, admin family second. Rules the
// tenant never reports have codes of the local family IDAAS.LOCAL.*.
// One rule per entry, its two messages on lines of their own.
// clang-format off
constexpr std::array kCatalogue = {
    RuleInfo{Rule::empty, "empty", "PWD.0001", "",
             "Password cannot be empty",
             "密码不能为空"},
    RuleInfo{Rule::length, "length", "PWD.0002", "IDAAS.TENANT.PWD.0007",
             "Password length must be {0}~{1} characters",
             "密码长度必须为{0}~{1}个字符"},
    RuleInfo{Rule::equals_username, "equals_username", "PWD.0003", "IDAAS.TENANT.PWD.0003",
             "Password cannot match username",
             "密码不能与用户名相同"},
    RuleInfo{Rule::reversed_username, "reversed_username", "PWD.0004", "IDAAS.TENANT.PWD.0002",
             "Password cannot be the username in reverse order",
             "密码不能是用户名的倒序"},
    RuleInfo{Rule::complexity, "complexity", "PWD.0005", "IDAAS.TENANT.PWD.0004",
             "Password complexity is low, {0}",
             "密码复杂度不够，{0}"},
    RuleInfo{Rule::weak, "weak", "PWD.0006", "IDAAS.TENANT.PWD.0005",
             "This password is a weak password",
             "该密码为弱密码"},
    RuleInfo{Rule::history, "history", "PWD.0007", "IDAAS.TENANT.PWD.0001",
             "Historical passwords are not allowed",
             "不允许使用历史密码"},
    RuleInfo{Rule::repeats, "repeats", "PWD.0008", "IDAAS.TENANT.PWD.0006",
             "Maximum character repetition in password cannot exceed {0}",
             "密码中同一字符连续重复不能超过{0}次"},
    RuleInfo{Rule::personal_data, "personal_data", "PWD.0009", "IDAAS.TENANT.PWD.0003",
             "Password cannot contain: username, mobile number, email prefix, name in Pinyin",
             "密码不能包含：用户名、手机号、邮箱前缀、姓名拼音"},
    RuleInfo{Rule::old_password_empty, "old_password_empty", "PWD.0011", "",
             "The original password cannot be empty",
             "原密码不能为空"},
    RuleInfo{Rule::old_password_incorrect, "old_password_incorrect", "PWD.0014", "",
             "The old password is incorrect",
             "原密码不正确"},
    RuleInfo{Rule::user_not_found, "user_not_found", "USER.0001", "IDAAS.TENANT.USER.0001",
             "User does not exist",
             "用户不存在"},
    RuleInfo{Rule::invalid_utf8, "invalid_utf8", "IDAAS.LOCAL.0001", "",
             "Password is not valid UTF-8 text (invalid byte sequence at byte {0})",
             "密码不是有效的UTF-8文本（第{0}字节处的字节序列无效）"},
    RuleInfo{Rule::too_long, "too_long", "IDAAS.LOCAL.0002", "",
             "Password is longer than {0} bytes and cannot be checked",
             "密码超过{0}字节，无法检查"},
    RuleInfo{Rule::control_characters, "control_characters", "IDAAS.LOCAL.0003", "",
             "Password cannot contain control characters",
             "密码不能包含控制字符"},
};

constexpr std::array kPhrases = {
    PhraseInfo{Phrase::lower_letters, "lowercase letters", "小写字母"},
    PhraseInfo{Phrase::upper_letters, "uppercase letters", "大写字母"},
    PhraseInfo{Phrase::digits, "digits", "数字"},
    PhraseInfo{Phrase::special_characters, "special characters", "特殊字符"},
    PhraseInfo{Phrase::missing_count, "{1}: {0} more needed", "缺少{0}个{1}"},
    PhraseInfo{Phrase::missing_kinds,
               "use at least {0} kinds of characters, add {1} more of: {2}",
               "至少需要{0}类字符，还需从{2}中再用{1}类"},
    PhraseInfo{Phrase::list_separator, ", ", "、"},
    PhraseInfo{Phrase::clause_separator, "; ", "；"},
    PhraseInfo{Phrase::accepted, "Password accepted", "密码符合要求"},
    PhraseInfo{Phrase::found, "{0}: {1}", "{0}：{1}"},
    PhraseInfo{Phrase::with_additions, "{0} with {1} added", "{0}加{1}"},
    PhraseInfo{Phrase::added_digits, "digits", "数字"},
    PhraseInfo{Phrase::added_symbols, "symbols", "符号"},
    PhraseInfo{Phrase::added_letters, "letters", "字母"},
    PhraseInfo{Phrase::written_backwards, "{0}, written backwards", "{0}（倒序）"},
    PhraseInfo{Phrase::disguised, "{0}, disguised", "{0}（变形）"},
};

constexpr std::array kFindings = {
    FindingInfo{Finding::none, "", ""},
    FindingInfo{Finding::common_password, "a common password", "常见密码"},
    FindingInfo{Finding::common_word, "a common word or name", "常见单词或姓名"},
    FindingInfo{Finding::pinyin, "Pinyin words", "拼音"},
    FindingInfo{Finding::keyboard_walk, "a keyboard pattern", "键盘上相邻的按键"},
    FindingInfo{Finding::sequence, "a sequence such as abc or 123", "abc、123之类的连续字符"},
    FindingInfo{Finding::repeated_block, "a repeated pattern", "重复的片段"},
    FindingInfo{Finding::date, "a date or year", "日期或年份"},
    FindingInfo{Finding::patterns, "common words and patterns only", "仅由常见单词和规律组成"},
    FindingInfo{Finding::username, "your username", "用户名"},
    FindingInfo{Finding::mobile, "your mobile number", "手机号"},
    FindingInfo{Finding::email_prefix, "your email prefix", "邮箱前缀"},
    FindingInfo{Finding::name, "your name", "姓名"},
    FindingInfo{Finding::similar_to_current, "too similar to the current password",
                "与当前密码过于相似"},
};
// clang-format on

constexpr bool codes_are_consistent() {
  for (std::size_t i = 0; i < kCatalogue.size(); ++i) {
    if (static_cast<std::size_t>(kCatalogue[i].rule) != i) return false;
  }
  for (std::size_t i = 0; i < kPhrases.size(); ++i) {
    if (static_cast<std::size_t>(kPhrases[i].phrase) != i) return false;
  }
  for (std::size_t i = 0; i < kFindings.size(); ++i) {
    if (static_cast<std::size_t>(kFindings[i].finding) != i) return false;
  }
  return true;
}
static_assert(codes_are_consistent(), "catalogue entries must follow the enum order");

// Codes several rules share (the admin family folds "equals" into
// "contains") resolve to the rule the tenant means by them.
constexpr std::array<std::pair<std::string_view, Rule>, 1> kPreferredRule = {{
    {"IDAAS.TENANT.PWD.0003", Rule::personal_data},
}};

}  // namespace

std::span<const RuleInfo> catalogue() { return kCatalogue; }

const RuleInfo& info(Rule rule) { return kCatalogue[static_cast<std::size_t>(rule)]; }

std::string_view phrase(Phrase p, Language language) {
  const PhraseInfo& entry = kPhrases[static_cast<std::size_t>(p)];
  return language == Language::zh ? entry.zh : entry.en;
}

std::string_view finding_text(Finding f, Language language) {
  const FindingInfo& entry = kFindings[static_cast<std::size_t>(f)];
  return language == Language::zh ? entry.zh : entry.en;
}

std::string_view template_for(Rule rule, Language language) {
  const RuleInfo& entry = info(rule);
  return language == Language::zh ? entry.zh : entry.en;
}

std::optional<Rule> rule_for_code(std::string_view code) {
  if (code.empty()) return std::nullopt;
  for (const auto& [shared_code, rule] : kPreferredRule) {
    if (code == shared_code) return rule;
  }
  const auto it = std::find_if(kCatalogue.begin(), kCatalogue.end(), [code](const RuleInfo& r) {
    return r.verify_code == code || r.admin_code == code;
  });
  if (it == kCatalogue.end()) return std::nullopt;
  return it->rule;
}

Language language_from_locale(std::string_view locale) {
  return locale.starts_with("zh") ? Language::zh : Language::en;
}

std::optional<Language> language_from(const LocaleVariables& variables) {
  for (const std::string* value : {&variables.lc_all, &variables.lc_messages, &variables.lang}) {
    if (!value->empty()) return language_from_locale(*value);
  }
  return std::nullopt;
}

}  // namespace pam_idaas::policy
