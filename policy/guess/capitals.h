// What the capitals of a piece cost an attacker who knows the piece.
#pragma once

#include <string_view>

namespace pam_idaas::policy::guess {

// log10 of zxcvbn's count: nothing for no capitals; 2 for all of them, or
// only the first or the last; otherwise every way of choosing as many capitals
// among the piece's letters.
double log10_capitals(std::u32string_view original);

}  // namespace pam_idaas::policy::guess
