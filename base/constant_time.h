// Comparing secrets (password digests, crypt(3) hashes) without an early
// exit that would tell an attacker, by timing, how long a prefix matched.
#pragma once

#include <string_view>

namespace pam_idaas::constant_time {

// The time depends on the lengths only; a difference in length is not hidden.
bool equal(std::string_view a, std::string_view b);

}  // namespace pam_idaas::constant_time
