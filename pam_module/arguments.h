// The module arguments of a pam.d line.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace pam_idaas::module {

// What the account and auth stacks answer when the module cannot do its
// part: the configuration unreadable or invalid, or an error of its own. It
// lives on the stack line because a broken configuration file cannot say it.
// The password stack fails closed whatever it says.
enum class OnError {
  // The default, fail open: PAM_IGNORE for an unusable configuration. An error
  // once the configuration is read is answered as account.on_tenant_unavailable
  // says (account), or with PAM_AUTHINFO_UNAVAIL (auth, as auth.offline: deny).
  ignore,
  deny,  // every such case refuses the login: PAM_PERM_DENIED
};

struct Arguments {
  std::string config_path;
  bool debug = false;
  unsigned retry = 1;        // attempts at a new password the policy accepts
  bool use_authtok = false;  // the new password comes from an earlier module
  // For accounts the module leaves alone, still ask for the new password and
  // hand it on unchecked, for a `pam_unix use_authtok` after it (the stacks
  // pam-auth-update writes cannot branch around the module).
  bool ask_for_all = false;
  OnError on_error = OnError::ignore;
  std::vector<std::string> problems;  // unknown or malformed arguments, for the log
};

// use_first_pass, try_first_pass and authtok_type= are accepted here and
// acted on by libpam's pam_get_authtok, which reads them itself.
Arguments parse_arguments(std::span<const char* const> argv);

// on_error= alone, as parse_arguments reads it, without allocating: entry.cc
// needs it for an error that happens before (or while) the arguments are parsed.
OnError on_error_argument(std::span<const char* const> argv) noexcept;

}  // namespace pam_idaas::module
