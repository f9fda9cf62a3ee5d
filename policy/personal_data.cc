#include "policy/personal_data.h"

#include <string>
#include <vector>

#include "policy/name_matcher.h"
#include "policy/unicode.h"
#include "policy/utf8.h"

namespace pam_idaas::policy {

namespace {

std::u32string folded(std::string_view text) {
  const auto decoded = utf8::decode(text);
  if (!decoded.ok) return {};
  const auto f = unicode::fold(decoded.text);
  return {f.begin(), f.end()};
}

std::u32string digits_of(std::string_view text) {
  std::u32string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

// "+86 13800138000" and "+86-13800138000": the number as dialled at home too.
std::u32string national_number(std::string_view mobile) {
  if (!mobile.starts_with('+')) return {};
  const auto separator = mobile.find_first_of(" -");
  if (separator == std::string_view::npos) return {};
  return digits_of(mobile.substr(separator + 1));
}

std::string_view email_prefix(std::string_view email) {
  const auto at = email.rfind('@');
  return at == std::string_view::npos ? email : email.substr(0, at);
}

}  // namespace

bool contains_personal_data(std::u32string_view password, const UserData& user,
                            const PersonalDataRule& rule) {
  std::vector<std::u32string> needles;
  if (rule.username) needles.push_back(folded(user.username));
  if (rule.email_prefix) needles.push_back(folded(email_prefix(user.email)));
  if (rule.mobile) {
    needles.push_back(digits_of(user.mobile));
    needles.push_back(national_number(user.mobile));
  }
  for (const auto& needle : needles) {
    if (!needle.empty() && needle.size() >= rule.min_length &&
        password.find(needle) != std::u32string_view::npos) {
      return true;
    }
  }
  return rule.name && !user.real_name.empty() &&
         NameMatcher(user.real_name, rule).found_in(password);
}

}  // namespace pam_idaas::policy
