#include "policy/personal_data.h"

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "base/ascii.h"
#include "base/secure_string.h"
#include "base/unicode.h"
#include "base/utf8.h"
#include "policy/look_alike.h"
#include "policy/name_matcher.h"
#include "policy/needle.h"
#include "policy/verdict.h"

namespace pam_idaas::policy {

namespace {

std::u32string folded(std::string_view text) {
  // Usernames and email addresses are ASCII nearly always: A-Z are ASCII's
  // only case foldings, no decoding or Unicode search needed.
  if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; })) {
    std::u32string out(text.size(), U'\0');
    std::transform(text.begin(), text.end(), out.begin(),
                   [](char c) { return static_cast<char32_t>(ascii::lower(c)); });
    return out;
  }
  const auto decoded = utf8::decode(text);
  if (!decoded.ok) return {};
  const auto f = unicode::fold(decoded.text);
  return {f.begin(), f.end()};
}

std::u32string digits_of(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
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

using Data = std::vector<std::pair<Finding, std::u32string_view>>;

// "john.smith" -> "john.smith" (found without its separators too), "john",
// "smith"; "johnny+work" -> "johnny" (the part after "+" is a mailbox tag).
// A part shorter than `min_length` is not searched for alone, nor one that is
// the whole prefix. Views into `prefix`: no string per part.
void add_email_prefix_parts(std::u32string_view prefix, unsigned min_length, Data& out) {
  prefix = prefix.substr(0, prefix.find(U'+'));
  out.emplace_back(Finding::email_prefix, prefix);
  // A part is a run of the prefix's letters: it is all of them when as long.
  const auto letters = static_cast<std::size_t>(std::count_if(
      prefix.begin(), prefix.end(), [](char32_t c) { return !look_alike::is_separator(c); }));
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= prefix.size(); ++i) {
    if (i < prefix.size() && !look_alike::is_separator(prefix[i])) continue;
    const std::size_t length = i - begin;
    if (length >= min_length && length != letters) {
      out.emplace_back(Finding::email_prefix, prefix.substr(begin, length));
    }
    begin = i + 1;
  }
}

// The password as each disguised search reads it, forwards and backwards,
// in one buffer each for the text and for the positions.
struct Readings {
  std::u32string_view folded;
  Secret32 buffer;
  std::u32string_view reversed;
  // What the name search reads: separators that stand for no letter taken
  // out ("zhang_san"), the others and digits taken for their letters
  // ("zh@ngs4n"; "1" and "|" for "i" or "l": look_alike::kIOrL).
  std::u32string_view letters, letters_reversed;
  // Where each character of `letters` (and of `letters_reversed`) is in
  // `folded` (in `reversed`): common words are looked up in the password
  // with its separators, which end words ("Shan#Kettle" holds no "shank").
  std::vector<std::uint32_t> positions;
  std::span<const std::uint32_t> origin, origin_reversed;

  explicit Readings(std::u32string_view password) : folded(password) {
    const std::size_t n = password.size();
    buffer.reserve(3 * n);
    positions.reserve(2 * n);
    buffer.assign(password.rbegin(), password.rend());
    for (std::size_t i = 0; i < n; ++i) {
      const char32_t c = password[i];
      if (look_alike::is_separator(c) && look_alike::stands_for(c).empty()) continue;
      buffer.push_back(look_alike::letter_for(c));
      positions.push_back(static_cast<std::uint32_t>(i));
    }
    const std::size_t kept = positions.size();
    for (std::size_t k = kept; k-- > 0;) {
      buffer.push_back(buffer[n + k]);
      positions.push_back(static_cast<std::uint32_t>(n - 1 - positions[k]));
    }
    const std::u32string_view all = buffer;
    reversed = all.substr(0, n);
    letters = all.substr(n, kept);
    letters_reversed = all.substr(n + kept, kept);
    origin = std::span<const std::uint32_t>(positions).first(kept);
    origin_reversed = std::span<const std::uint32_t>(positions).subspan(kept, kept);
  }
};

constexpr unsigned kNotFound = ~0u;

// Whether the text holds `datum` as written, or only disguised.
unsigned how_written(std::u32string_view text, std::u32string_view datum, unsigned backwards) {
  return text.find(datum) != std::u32string_view::npos ? backwards : backwards | added::disguised;
}

// Longer text is searched for the name forwards only; no length.max an
// administrator sets comes near it.
constexpr std::size_t kLongestReadBackwards = 256;

// The name's `added` bits, or kNotFound. The disguised search finds
// everything the plain one does; the plain one then tells whether the name
// was disguised, unless nothing was changed for the disguised one.
unsigned disguised_name(const NameMatcher& name, const Readings& password) {
  // Without an "i or l" the characters compare as they are: the faster search.
  const bool i_or_l = password.letters.find(look_alike::kIOrL) != std::u32string_view::npos;
  if (name.found_in({password.letters, i_or_l, password.folded, password.origin})) {
    if (password.letters == password.folded) return 0;
    return name.found_in({password.folded, false, password.folded, {}}) ? 0 : added::disguised;
  }
  // The name backwards doubles the name search, the check's dearest part on
  // long input (a polyphonic name): only where a password could be one.
  if (password.folded.size() > kLongestReadBackwards) return kNotFound;
  if (name.found_in(
          {password.letters_reversed, i_or_l, password.reversed, password.origin_reversed})) {
    if (password.letters_reversed == password.reversed) return added::backwards;
    const bool plain = name.found_in({password.reversed, false, password.reversed, {}});
    return plain ? added::backwards : added::backwards | added::disguised;
  }
  return kNotFound;
}

// Today's search, kept exactly for `disguised: false`: each datum as written.
PersonalDataFound found_as_written(std::u32string_view password, const UserData& user,
                                   const PersonalDataRule& rule) {
  std::vector<std::pair<Finding, std::u32string>> needles;
  if (rule.username) needles.emplace_back(Finding::username, folded(user.username));
  if (rule.mobile) {
    needles.emplace_back(Finding::mobile, digits_of(user.mobile));
    needles.emplace_back(Finding::mobile, national_number(user.mobile));
  }
  if (rule.email_prefix)
    needles.emplace_back(Finding::email_prefix, folded(email_prefix(user.email)));
  for (const auto& [finding, needle] : needles) {
    if (!needle.empty() && needle.size() >= rule.min_length &&
        password.find(needle) != std::u32string_view::npos) {
      return {finding};
    }
  }
  if (rule.name && !user.real_name.empty() &&
      NameMatcher(user.real_name, rule).found_in(password)) {
    return {Finding::name};
  }
  return {};
}

PersonalDataFound found_disguised(std::u32string_view password, const UserData& user,
                                  const PersonalDataRule& rule) {
  // The fields the needles view; each folded once.
  const std::u32string username = rule.username ? folded(user.username) : std::u32string();
  const std::u32string digits = rule.mobile ? digits_of(user.mobile) : std::u32string();
  const std::u32string national = rule.mobile ? national_number(user.mobile) : std::u32string();
  const std::u32string email =
      rule.email_prefix ? folded(email_prefix(user.email)) : std::u32string();
  Data data;
  data.reserve(8);
  if (rule.username) data.emplace_back(Finding::username, username);
  if (rule.mobile) {
    data.emplace_back(Finding::mobile, digits);
    data.emplace_back(Finding::mobile, national);
  }
  if (rule.email_prefix) add_email_prefix_parts(email, rule.min_length, data);
  Needles needles;
  for (const auto& entry : data) needles.add(entry.second, rule.min_length);
  const Readings readings(password);
  if (const std::size_t i = needles.first_found(readings.folded); i != Needles::kNone) {
    return {data[i].first, how_written(readings.folded, data[i].second, 0)};
  }
  if (const std::size_t i = needles.first_found(readings.reversed); i != Needles::kNone) {
    return {data[i].first, how_written(readings.reversed, data[i].second, added::backwards)};
  }
  if (rule.name && !user.real_name.empty()) {
    const NameMatcher name(user.real_name, rule);
    if (const unsigned how = disguised_name(name, readings); how != kNotFound) {
      return {Finding::name, how};
    }
  }
  return {};
}

}  // namespace

PersonalDataFound contains_personal_data(std::u32string_view password, const UserData& user,
                                         const PersonalDataRule& rule) {
  return rule.disguised ? found_disguised(password, user, rule)
                        : found_as_written(password, user, rule);
}

}  // namespace pam_idaas::policy
