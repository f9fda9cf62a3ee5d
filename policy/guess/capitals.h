// What the capitals of a piece cost an attacker who knows the piece.
#pragma once

#include <string_view>

namespace pam_idaas::policy::guess {

// log10 of zxcvbn's count: nothing for no capitals; 2 for all of them, or
// only the first or the last; otherwise every way of choosing as many capitals
// among the piece's letters.
double log10_capitals(std::u32string_view original);

// The same from the piece's counts of capitals and small letters.
double log10_capitals(unsigned upper, unsigned lower, bool first_upper, bool last_upper);

}  // namespace pam_idaas::policy::guess
