// The dictionary and Pinyin matchers of the guessability check: which pieces
// of a password are built-in words (common passwords, English words, names,
// diceware words, Chinese number words like 1314) or runs of Pinyin
// syllables, and what guessing each costs.
#pragma once

#include <cstddef>
#include <string_view>

#include "policy/guess/match.h"

namespace pam_idaas::policy::guess {

// Built-in words found in the text: forward, reversed (when the reversed
// word starts with a letter), with look-alike characters undone (p@ssw0rd,
// D@nwei; forward only, and at most kMaxLeadingLookAlikes of them before the
// first letter read as itself). One
// match per place, span and direction: the cheapest reading. Words shorter
// than kMinWordLength code points count only as the whole password: inside a
// longer one, "me" or "ok" are cheaper typed letter by letter and would make
// any random string look like words. No match has more than kMaxSameInARow
// identical characters in a row: "1111111" is a repeat, priced by its matcher.
void find_words(const Text& text, Matches& out);

// Runs of Pinyin syllables (Kind::pinyin): from each place a syllable starts,
// every run of 2 to kMaxPinyinSyllables syllables at most kMaxPinyinRun code
// points long, each at the cost of its cheapest segmentation (the product of
// the syllables' frequency ranks); at most kMaxPinyinEnds of them from one
// place, the longest.
void find_pinyin(const Text& text, Matches& out);

// Whether folded[begin, end) lies inside a longer built-in word made only of
// letters found at that place ("chan" in "merchant", "ming" in "programming",
// "shan" in "shanghai"; not "zhang" in "zhang123").
bool inside_longer_word(std::u32string_view folded, std::size_t begin, std::size_t end);

inline constexpr std::size_t kMinWordLength = 3;
inline constexpr std::size_t kMaxWordLength = 24;  // as policy/tables/generate.py
inline constexpr std::size_t kMaxSameInARow = 6;
inline constexpr std::size_t kMaxLeadingLookAlikes = 2;
inline constexpr std::size_t kMaxPinyinRun = 20;
inline constexpr std::size_t kMaxPinyinSyllables = 6;
inline constexpr std::size_t kMaxPinyinEnds = 4;

}  // namespace pam_idaas::policy::guess
