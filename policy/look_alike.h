// Characters people type in place of a letter or a digit (p@ssw0rd, D@nwei),
// and the separators they put between the parts of a word (dan_wei, d.a.n).
#pragma once

#include <array>
#include <string_view>

#include "base/ascii.h"

namespace pam_idaas::policy::look_alike {

namespace detail {
// The substitutions of leetspeak lists and of password crackers' rules
// (hashcat's leetspeak.rule); digits and letters stand for each other both
// ways, so "l38oo" holds a mobile number and "d4nw31" a name.
constexpr std::array<std::u32string_view, 128> make_ascii_table() {
  std::array<std::u32string_view, 128> t{};
  t['@'] = U"a";
  t['4'] = U"a";
  t['8'] = U"b";
  t['('] = U"c";
  t['<'] = U"c";
  t['3'] = U"e";
  t['6'] = U"g";
  t['9'] = U"g";
  t['1'] = U"il";
  t['!'] = U"il";
  t['|'] = U"il";
  t['0'] = U"o";
  t['5'] = U"s";
  t['$'] = U"s";
  t['7'] = U"t";
  t['+'] = U"t";
  t['2'] = U"z";
  t['a'] = U"4";
  t['b'] = U"8";
  t['e'] = U"3";
  t['g'] = U"69";
  t['i'] = U"1";
  t['l'] = U"1";
  t['o'] = U"0";
  t['s'] = U"5";
  t['t'] = U"7";
  t['z'] = U"2";
  return t;
}

}  // namespace detail

// For each ASCII character, the letters and digits it may stand for besides
// itself. The one table of look-alikes: the personal-data and similarity
// rules read it through the functions below, the dictionary matcher
// (policy/guess/dictionary.cc) takes its symbol-and-digit-for-letter part.
inline constexpr auto kAscii = detail::make_ascii_table();

// The letters and digits a case-folded character may stand for, besides
// itself: "@" -> "a", "1" -> "il", "o" -> "0". Empty for most characters.
std::u32string_view stands_for(char32_t folded);

// Whether `folded` may stand for `wanted` (itself included).
inline bool may_be(char32_t folded, char32_t wanted) {
  return folded == wanted || stands_for(folded).find(wanted) != std::u32string_view::npos;
}

// The other ASCII characters that may stand for `wanted` ("a" -> "@4").
std::u32string_view written_as(char32_t wanted);

// One representative of the characters that may stand for each other, so two
// texts compare alike whatever look-alikes they use: the letter a symbol or
// digit stands for first, every other character itself.
char32_t canonical(char32_t folded);

// Where a name is searched for, a character that stands for "i" or "l"
// ("1", "|") becomes this one: it cannot occur in a checked password (control
// characters are refused first), and the name search takes it for either.
inline constexpr char32_t kIOrL = U'\x01';

// The letter a character that is not one stands for ("@" -> "a", "4" -> "a",
// "1" -> kIOrL); `folded` itself otherwise.
char32_t letter_for(char32_t folded);

// text[i] as common words are looked up: a symbol taken for the letter it
// stands for ("sh@nghai"), a digit only between two letters ("sh4nghai", not
// the "1" of "shan1980", which would make it "shani").
char32_t word_letter(std::u32string_view text, std::size_t i);

namespace detail {
// ASCII's separators: neither a letter nor a digit (control characters
// included, as unicode::classify() calls them special).
constexpr std::array<bool, 128> make_ascii_separators() {
  std::array<bool, 128> t{};
  for (char32_t c = 0; c < 128; ++c) t[c] = !ascii::is_letter_or_digit(c);
  return t;
}
inline constexpr auto kAsciiSeparators = make_ascii_separators();
bool is_other_separator(char32_t c);  // c >= 128: asks the Unicode tables
}  // namespace detail

// Punctuation, symbols and spaces: neither a letter (with or without case)
// nor a digit. Asked of every character of a password and of the user's
// data: the ASCII ones (most of them) from a table, inline.
inline bool is_separator(char32_t c) {
  return c < 128 ? detail::kAsciiSeparators[c] : detail::is_other_separator(c);
}

}  // namespace pam_idaas::policy::look_alike
