// A new shadow hash for the host, in the host's own method: the user's current
// hash (made by the host's pam_unix) is the best witness of the method and
// cost the host uses, better than login.defs (docs/pam.md, "The host's hash").
#pragma once

#include <string>
#include <string_view>

#include "base/secure_string.h"

namespace pam_idaas::module {

// The crypt setting for a new hash: the method and cost of `current` with a
// fresh salt when libxcrypt rates `current` fine (crypt_checksalt), else
// libxcrypt's default method. "" when libxcrypt makes none.
std::string new_setting(std::string_view current);

// `password` hashed with `setting`; empty when libcrypt refuses.
Secret hash_with(std::string_view password, const std::string& setting);

// The new hash for `password`: with new_setting(current), or with the default
// method when that setting cannot hash. Empty when neither can.
Secret new_host_hash(std::string_view password, std::string_view current);

// The first 32 hex digits of the SHA-256 of `hash`.
std::string hash_fingerprint_of(std::string_view hash);

}  // namespace pam_idaas::module
