// What a flow concludes, before entry.cc turns it into a PAM return code.
#pragma once

#include <optional>

namespace pam_idaas::module {

enum class Result {
  success,
  auth_error,            // auth: the password is wrong (the tenant said so)
  ignore,                // not this module's account: the rest of the stack decides
  try_again,             // PRELIM: the tenant cannot be reached now
  authtok_error,         // the new password was refused or could not be set
  max_tries,             // refused on every one of several attempts
  recovery_error,        // the old password is wrong or could not be proven
  new_authtok_required,  // account: the tenant requires a change now
  permission_denied,     // account: the tenant disabled or locked the user
  authinfo_unavailable,  // the tenant refuses this host's requests (misconfigured)
  user_unknown,          // PAM gave no user name
  service_error,         // the module's own configuration or data is unusable
};

// A step the user may take again: its Result, or nothing when what the user
// typed was refused and another answer may be asked for within retry= (a
// wrong current password, a refused new one).
using Retryable = std::optional<Result>;

}  // namespace pam_idaas::module
