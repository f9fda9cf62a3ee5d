// The pattern matchers of the guess estimator (the dictionary and Pinyin
// matchers are in dictionary.h). Each appends what it finds to `out`, in time
// linear in the text's length.
#pragma once

#include <cstdint>
#include <vector>

#include "policy/guess/match.h"

namespace pam_idaas::policy::guess {

// Adjacent keys of US qwerty (columns such as 1qaz, strokes side by side
// such as 1qaz2wsx, shifted keys) and of the numeric keypad, 3 keys or more.
// The shift key's cost is in the match (read from `original`).
void find_keyboard_walks(const Text& text, Matches& out);

// Letters a-z or digits 0-9 by a constant step of 1 or 2, either way: abc, 9876, aceg.
void find_sequences(const Text& text, Matches& out);

// Years 1900-2039 and dates of 4 to 8 digits, with or without separators.
void find_dates(const Text& text, Matches& out);

// Each maximal run of 2 or more digits.
void find_digit_runs(const Text& text, Matches& out);

// A block written `count` times in a row: aaa, 1212, abcabc. Its cost needs
// the block's own estimate, which the estimator adds.
struct Repeat {
  std::uint32_t begin = 0;
  std::uint32_t block = 0;  // code points of the block
  std::uint32_t count = 0;
};
void find_repeats(const Text& text, std::vector<Repeat>& out);

}  // namespace pam_idaas::policy::guess
