// Writes a user's new hash into the host's shadow file through shadow-utils'
// `chpasswd -e`: it takes lckpwdf's lock, replaces the file atomically, keeps
// its SELinux label and sets the last-change day (docs/pam.md).
#pragma once

#include <chrono>
#include <string_view>

#include "pam_module/host.h"

namespace pam_idaas::module {

inline constexpr const char* kChpasswd = "/usr/sbin/chpasswd";

// A name chpasswd's "user:hash" line cannot misread: not empty, no ':' and no
// control characters (newline included).
bool fit_for_shadow_line(std::string_view user);

// Runs chpasswd -e with "user:hash\n" on its standard input and waits at most
// `bound` for it (then kills it). Needs an effective uid of 0.
HostWrite write_shadow_hash(std::string_view user, std::string_view hash,
                            std::chrono::milliseconds bound = std::chrono::seconds(10));

}  // namespace pam_idaas::module
