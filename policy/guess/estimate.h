// How many guesses an attacker needs: the cheapest way to write the password
// as a sequence of pieces a guesser tries (dictionary words, keyboard walks,
// sequences, repeats, dates, digits) and characters tried one by one. The
// idea is zxcvbn's (Dan Wheeler, "zxcvbn: Low-Budget Password Strength
// Estimation", USENIX Security 2016); the code is this project's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "base/secure_string.h"
#include "policy/guess/match.h"
#include "policy/guess/matchers.h"

namespace pam_idaas::policy::guess {

struct Part {
  Match match;               // its cost here includes the capitals
  bool brute_force = false;  // characters tried one by one; match.kind is meaningless
};

// Exact below the ceiling the caller gives (at most 10^30 guesses); above,
// at least the ceiling (what no decomposition brings under it is reported as
// one brute-force part costing the ceiling).
struct Estimate {
  double log10_guesses = 0;
  std::vector<Part> parts;  // in password order, covering it
};

// A matcher of words from data (dictionary.h's find_words, find_pinyin). Its
// matches are at most kLongestOtherPiece code points long.
using Finder = void (*)(const Text& text, Matches& out);
inline constexpr std::size_t kLongestOtherPiece = 32;

// Each character's class (the password's mask: ?u?l?l?d), wiped like the text.
using CharClasses = std::vector<std::uint8_t, WipingAllocator<std::uint8_t>>;

class Estimator {
 public:
  explicit Estimator(std::vector<Finder> dictionaries = {})
      : dictionaries_(std::move(dictionaries)) {}

  // Exact below 10^ceiling_log10 (1 to 30); above, only known to be at least that.
  Estimate estimate(const Text& text, double ceiling_log10 = 30) const;

 private:
  Estimate estimate(const Text& text, double ceiling_log10, unsigned depth) const;
  // Nothing when the text is certainly beyond 10^30 guesses.
  std::optional<Matches> matches(const Text& text, double ceiling_log10, unsigned depth) const;
  using Windows = std::vector<std::pair<std::size_t, std::size_t>>;
  void add_dictionary(const Text& text, const Windows& windows, Matches& out) const;
  void add_repeats(const Text& text, const std::vector<Repeat>& repeats, double ceiling_log10,
                   unsigned depth, Matches& out) const;

  std::vector<Finder> dictionaries_;
};

}  // namespace pam_idaas::policy::guess
