#include "policy/personal_data.h"

#include <algorithm>
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

constexpr std::string_view kDigits = "0123456789";

// China's country code run together with an 11-digit mobile number
// ("8613800138000"): the one case where the digits alone show where the
// country code ends.
bool is_china_mobile_with_code(std::u32string_view digits) {
  return digits.size() == 13 && digits.starts_with(U"861");
}

// The number as dialled at home, when `mobile` carries a country code, so
// that PWD.0009 sees it in every notation an administrator or a tenant writes:
// "+86 138-0013-8000", "(+86)13800138000", "0086 13800138000", "+86.138.0013.8000",
// "+8613800138000", "8613800138000". Empty when there is no country code.
std::u32string national_number(std::string_view mobile) {
  const auto first_digit = mobile.find_first_of(kDigits);
  if (first_digit == std::string_view::npos) return {};
  std::string_view number = mobile.substr(first_digit);
  // "+" (also inside "(+86)") or the "00" international prefix.
  bool international = mobile.substr(0, first_digit).find('+') != std::string_view::npos;
  if (!international && number.starts_with("00")) {
    number.remove_prefix(std::min(number.find_first_of(kDigits, 2), number.size()));
    international = true;
  }
  // A country code (one to three digits) set apart by any separator.
  const auto code_end = number.find_first_not_of(kDigits);
  if (international && code_end != std::string_view::npos && code_end <= 3) {
    return digits_of(number.substr(code_end));
  }
  std::u32string digits = digits_of(number);
  if (is_china_mobile_with_code(digits)) return digits.substr(2);
  return {};
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
