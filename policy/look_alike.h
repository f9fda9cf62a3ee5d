// Characters people type in place of a letter or a digit (p@ssw0rd, D@nwei),
// and the separators they put between the parts of a word (dan_wei, d.a.n).
#pragma once

#include <array>
#include <string_view>

#include "base/ascii.h"

namespace pam_idaas::policy::look_alike {

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
