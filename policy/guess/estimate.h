// How many guesses an attacker needs: the cheapest way to write the password
// as a sequence of pieces a guesser tries (dictionary words, keyboard walks,
// sequences, repeats, dates, digits) and characters tried one by one. The
// idea is zxcvbn's (Dan Wheeler, "zxcvbn: Low-Budget Password Strength
// Estimation", USENIX Security 2016); the code is this project's.
#pragma once

#include <cstdint>
#include <vector>

#include "policy/guess/match.h"

namespace pam_idaas::policy::guess {

struct Part {
  Match match;               // its cost here includes the capitals
  bool brute_force = false;  // characters tried one by one; match.kind is meaningless
};

struct Estimate {
  double log10_guesses = 0;
  std::vector<Part> parts;  // in password order, covering it
};

// A matcher of words from data (dictionary.h's find_words, find_pinyin).
using Finder = void (*)(const Text& text, Matches& out);

class Estimator {
 public:
  explicit Estimator(std::vector<Finder> dictionaries = {})
      : dictionaries_(std::move(dictionaries)) {}

  Estimate estimate(const Text& text) const;

 private:
  Estimate estimate(const Text& text, unsigned depth) const;
  Matches matches(const Text& text, const std::vector<std::uint8_t>& classes, unsigned depth) const;
  void add_repeats(const Text& text, unsigned depth, Matches& out) const;

  std::vector<Finder> dictionaries_;
};

}  // namespace pam_idaas::policy::guess
