// The module arguments of a pam.d line.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace pam_idaas::module {

struct Arguments {
  std::string config_path;
  bool debug = false;
  unsigned retry = 1;        // attempts at a new password the policy accepts
  bool use_authtok = false;  // the new password comes from an earlier module
  // For accounts the module leaves alone, still ask for the new password and
  // hand it on unchecked, for a `pam_unix use_authtok` after it (the stacks
  // pam-auth-update writes cannot branch around the module).
  bool ask_for_all = false;
  std::vector<std::string> problems;  // unknown or malformed arguments, for the log
};

// use_first_pass, try_first_pass and authtok_type= are accepted here and
// acted on by libpam's pam_get_authtok, which reads them itself.
Arguments parse_arguments(std::span<const char* const> argv);

}  // namespace pam_idaas::module
