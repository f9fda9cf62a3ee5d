// Character properties the rules need, answered from the generated tables.
#pragma once

#include <string_view>

#include "base/secure_string.h"

namespace pam_idaas::unicode {

enum class CharClass { lower, upper, digit, special };

// lower: Ll; upper: Lu, Lt; digit: Nd; special: everything else, including
// punctuation, symbols, spaces, emoji and letters without case (CJK, Arabic).
CharClass classify(char32_t c);

// Letters without case (Lo, Lm: Han, kana, Hangul, Arabic, Hebrew, Thai) and
// the marks written on letters (Mn, Mc). classify() calls them special; a
// name written in such a script is made of them.
bool is_caseless_letter(char32_t c);

// C0 and C1 controls (Cc): never accepted in a password.
inline bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c < 0xA0); }

// Full Unicode case folding (CaseFolding.txt, statuses C and F): "ß" -> "ss".
Secret32 fold(std::u32string_view text);

}  // namespace pam_idaas::unicode
