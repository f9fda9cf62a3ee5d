// The dictionary and Pinyin matchers of the guessability check: which pieces
// of a password are built-in words (common passwords, English words, names,
// diceware words) or runs of Pinyin syllables, and what guessing each costs.
#pragma once

#include <cstddef>
#include <string_view>

#include "policy/guess/match.h"

namespace pam_idaas::policy::guess {

// Built-in words found in the text: forward, reversed, with look-alike
// characters undone (p@ssw0rd, D@nwei). One match per place, span and
// direction: the cheapest reading. Words shorter than kMinWordLength code
// points count only as the whole password: inside a longer one, "me" or "ok"
// are cheaper typed letter by letter and would make any random string look
// like words.
void find_words(const Text& text, Matches& out);

// Runs of Pinyin syllables (Kind::pinyin): from each place a syllable starts,
// every run of two or more syllables ending at a syllable boundary at most
// kMaxPinyinRun code points further, each at the cost of its cheapest
// segmentation (the product of the syllables' frequency ranks); at most
// kMaxPinyinEnds of them, the longest.
void find_pinyin(const Text& text, Matches& out);

// Whether folded[begin, end) lies inside a longer built-in word made only of
// letters found at that place ("chan" in "merchant", "ming" in "programming",
// "shan" in "shanghai"; not "zhang" in "zhang123").
bool inside_longer_word(std::u32string_view folded, std::size_t begin, std::size_t end);

inline constexpr std::size_t kMinWordLength = 3;
inline constexpr std::size_t kMaxWordLength = 24;  // as policy/tables/generate.py
inline constexpr std::size_t kMaxPinyinRun = 20;
inline constexpr std::size_t kMaxPinyinEnds = 8;

}  // namespace pam_idaas::policy::guess
