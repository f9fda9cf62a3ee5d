// What the guessability matchers report: a piece of the password that an
// attacker's guesser tries as one unit, and what trying it costs.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace pam_idaas::policy::guess {

enum class Kind : std::uint8_t {
  common_password,  // on the built-in common-password list
  word,             // English word or name, diceware word
  pinyin,           // Mandarin syllables without tones
  keyboard_walk,    // adjacent keys: qwerty rows, columns, keypad
  sequence,         // abc, 123, cba, 97531
  repeated_block,   // abcabc, 1212
  date,             // years, dates in common notations
  digits,           // a run of digits with no better explanation
};

struct Match {
  std::uint32_t begin = 0;  // code points of the password, [begin, end)
  std::uint32_t end = 0;
  // Guesses the piece costs as folded text, look-alike characters and
  // reversal included; the estimator adds what its capitals cost.
  float log10_guesses = 0;
  Kind kind = Kind::word;
  bool reversed = false;
  bool leet = false;  // look-alike characters undone (p@ssw0rd)
};

using Matches = std::vector<Match>;

// The password as the matchers read it: `folded` has one code point for each
// of `original`'s (simple lowercase), so positions agree in both.
struct Text {
  std::u32string_view original;
  std::u32string_view folded;
};

}  // namespace pam_idaas::policy::guess
