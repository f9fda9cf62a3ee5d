#include "policy/policy.h"

#include <algorithm>
#include <optional>

#include "base/unicode.h"
#include "base/utf8.h"
#include "policy/guess/dictionary.h"
#include "policy/guess/finding.h"
#include "policy/guess/text.h"
#include "policy/similarity.h"

namespace pam_idaas::policy {

namespace {

using unicode::CharClass;

// The estimator's bound for long passwords counts on it (estimate.h).
static_assert(guess::kMaxWordLength <= guess::kLongestOtherPiece &&
              guess::kMaxPinyinRun <= guess::kLongestOtherPiece);

struct ClassCounts {
  unsigned lower = 0, upper = 0, digit = 0, special = 0;

  unsigned present() const {
    return static_cast<unsigned>((lower > 0) + (upper > 0) + (digit > 0) + (special > 0));
  }
};

ClassCounts count_classes(std::u32string_view text) {
  ClassCounts counts;
  for (char32_t c : text) {
    switch (unicode::classify(c)) {
      case CharClass::lower:
        ++counts.lower;
        break;
      case CharClass::upper:
        ++counts.upper;
        break;
      case CharClass::digit:
        ++counts.digit;
        break;
      case CharClass::special:
        ++counts.special;
        break;
    }
  }
  return counts;
}

unsigned shortfall(unsigned required, unsigned present) {
  return required > present ? required - present : 0;
}

std::optional<ComplexityShortfall> check_complexity(std::u32string_view text,
                                                    const ComplexityRule& rule) {
  const ClassCounts counts = count_classes(text);
  ComplexityShortfall s;
  s.missing_lower = shortfall(rule.min_lower, counts.lower);
  s.missing_upper = shortfall(rule.min_upper, counts.upper);
  s.missing_digit = shortfall(rule.min_digit, counts.digit);
  s.missing_special = shortfall(rule.min_special, counts.special);
  s.has_lower = counts.lower > 0;
  s.has_upper = counts.upper > 0;
  s.has_digit = counts.digit > 0;
  s.has_special = counts.special > 0;
  s.classes_present = counts.present();
  if (counts.present() < rule.min_classes) s.classes_required = rule.min_classes;
  const bool short_of_any =
      s.missing_lower + s.missing_upper + s.missing_digit + s.missing_special + s.classes_required >
      0;
  if (!short_of_any) return std::nullopt;
  return s;
}

unsigned longest_run(std::u32string_view text) {
  unsigned longest = 0;
  unsigned run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    run = (i > 0 && text[i] == text[i - 1]) ? run + 1 : 1;
    longest = std::max(longest, run);
  }
  return longest;
}

Secret32 username_form(std::string_view username, bool case_sensitive) {
  auto decoded = utf8::decode(username);
  if (!decoded.ok) return {};
  return case_sensitive ? std::move(decoded.text) : unicode::fold(decoded.text);
}

struct UsernameMatch {
  bool equal = false;
  bool reversed = false;
};

// `candidate` is the password as the rule compares it (folded unless case-sensitive).
UsernameMatch match_username(std::u32string_view candidate, std::string_view username,
                             bool case_sensitive) {
  const Secret32 own = username_form(username, case_sensitive);
  if (own.empty()) return {};
  return {candidate == own,
          std::equal(candidate.begin(), candidate.end(), own.rbegin(), own.rend())};
}

// A passphrase's length is its strength: the class rule does not apply to it.
bool is_passphrase(std::u32string_view text, const PassphraseRule& rule) {
  return rule.min_length > 0 && text.size() >= rule.min_length;
}

Violation with_finding(Rule rule, Finding finding, unsigned additions = 0) {
  Violation v{rule};
  v.finding = finding;
  v.additions = additions;
  return v;
}

}  // namespace

Policy::Policy(PolicySettings settings)
    : settings_(std::move(settings)),
      weak_(settings_.weak_passwords),
      estimator_({guess::find_words, guess::find_pinyin}) {
  filters_.reserve(settings_.weak_passwords.filters.size());
  for (const std::string& path : settings_.weak_passwords.filters) {
    try {
      filters_.emplace_back(path);
    } catch (const BreachFilterError& e) {
      throw WeakListError(e.what());
    }
  }
}

bool Policy::breached(std::string_view password) const {
  return std::any_of(filters_.begin(), filters_.end(),
                     [password](const BreachFilter& f) { return f.contains(password); });
}

std::optional<Violation> Policy::weak(std::string_view password, std::u32string_view text,
                                      std::u32string_view folded) const {
  // Breached-password corpora hold passwords as typed: no case folding there.
  if (weak_.contains(utf8::encode(folded)) || breached(password)) {
    return Violation{Rule::weak, 0, 0, {}, Finding::common_password};
  }
  const WeakPasswordRule& rule = settings_.weak_passwords;
  if (!rule.guessable) return std::nullopt;
  const Secret32 simple = guess::fold_simple(text);
  const guess::Text guessed{text, simple};
  const guess::Estimate estimate = estimator_.estimate(guessed, rule.min_guesses_log10);
  if (estimate.log10_guesses >= rule.min_guesses_log10) return std::nullopt;
  const guess::WeakFinding found = guess::describe(estimate, guessed);
  return Violation{Rule::weak, 0, 0, {}, found.finding, found.additions};
}

Verdict Policy::check(std::string_view password, const UserData& user) const {
  return check(password, user, nullptr);
}

Verdict Policy::check(std::string_view password, const UserData& user,
                      const PasswordHistory* history) const {
  return check(password, user, Previous{history, {}});
}

Verdict Policy::check(std::string_view password, const UserData& user,
                      const Previous& previous) const {
  Verdict verdict;
  auto report = [&verdict](Violation v) { verdict.violations.push_back(v); };

  // Input that cannot be analysed ends the check: nothing else is meaningful.
  if (password.size() > kInputCapBytes) {
    report({Rule::too_long, static_cast<unsigned>(kInputCapBytes)});
    return verdict;
  }
  const auto decoded = utf8::decode(password);
  if (!decoded.ok) {
    report({Rule::invalid_utf8, static_cast<unsigned>(decoded.error_at + 1)});
    return verdict;
  }
  const std::u32string_view text = decoded.text;
  if (text.empty()) {
    report({Rule::empty});
    return verdict;
  }

  // Refused like invalid UTF-8: a rule's verdict on text nobody can type would mislead.
  if (std::any_of(text.begin(), text.end(), unicode::is_control)) {
    report({Rule::control_characters});
    return verdict;
  }

  // From here on, in the catalogue's (and docs/rules.md's) order: codes ascending.
  const LengthRule& length = settings_.length;
  if (text.size() < length.min || text.size() > length.max) {
    report({Rule::length, length.min, length.max});
  }
  const Secret32 folded = unicode::fold(text);
  const UsernameRule& names = settings_.username;
  const UsernameMatch match =
      match_username(names.case_sensitive ? text : folded, user.username, names.case_sensitive);
  if (names.reject_equal && match.equal) report({Rule::equals_username});
  if (names.reject_reversed && match.reversed) report({Rule::reversed_username});
  if (auto s = check_complexity(text, settings_.complexity);
      s && !is_passphrase(text, settings_.passphrase)) {
    report({Rule::complexity, 0, 0, *s});
  }
  if (auto v = weak(password, text, folded)) report(*v);
  // A password of the wrong length is refused anyway; history hashes cost.
  const bool length_ok = text.size() >= length.min && text.size() <= length.max;
  const PasswordHistory* history = previous.history;
  if (history != nullptr && length_ok && history->contains(user.username, password)) {
    report({Rule::history});
  } else if (too_similar(folded, previous.current, settings_.similarity)) {
    report(with_finding(Rule::history, Finding::similar_to_current));
  }
  const unsigned max_repeats = settings_.max_consecutive_repeats;
  if (max_repeats > 0 && longest_run(text) > max_repeats) {
    report({Rule::repeats, max_repeats});
  }
  if (const auto found = contains_personal_data(folded, user, settings_.personal_data)) {
    report(with_finding(Rule::personal_data, found.finding, found.additions));
  }
  return verdict;
}

Verdict Policy::check_old_password(std::string_view old_password) {
  Verdict verdict;
  if (old_password.empty()) verdict.violations.push_back({Rule::old_password_empty});
  return verdict;
}

}  // namespace pam_idaas::policy
