// The folded copy of a password that guess::Text points into.
#pragma once

#include <string_view>

#include "base/secure_string.h"
#include "policy/guess/match.h"

namespace pam_idaas::policy::guess {

// One code point for each of `original`'s: its simple lowercase (the full
// folding's "ß" -> "ss" would shift every position after it).
Secret32 fold_simple(std::u32string_view original);

}  // namespace pam_idaas::policy::guess
