// Characters people type in place of a letter or a digit (p@ssw0rd, D@nwei),
// and the separators they put between the parts of a word (dan_wei, d.a.n).
#pragma once

#include <string_view>

namespace pam_idaas::policy::look_alike {

// The letters and digits a case-folded character may stand for, besides
// itself: "@" -> "a", "1" -> "il", "o" -> "0". Empty for most characters.
std::u32string_view stands_for(char32_t folded);

// Whether `folded` may stand for `wanted` (itself included).
inline bool may_be(char32_t folded, char32_t wanted) {
  return folded == wanted || stands_for(folded).find(wanted) != std::u32string_view::npos;
}

// One representative of the characters that may stand for each other, so two
// texts compare alike whatever look-alikes they use: the letter a symbol or
// digit stands for first, every other character itself.
char32_t canonical(char32_t folded);

// Punctuation, symbols and spaces: neither a letter (with or without case)
// nor a digit.
bool is_separator(char32_t c);

}  // namespace pam_idaas::policy::look_alike
