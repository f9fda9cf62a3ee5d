// The subcommands of pam-idaas. Each takes the arguments after its own name
// and returns the process exit status.
#pragma once

#include <span>

namespace pam_idaas::cli {

// Exit statuses every subcommand shares.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRejected = 1;  // the password, or the tenant, said no
inline constexpr int kExitUsage = 2;     // usage, config or environment error

int run_check(std::span<char*> args);
int run_config(std::span<char*> args);
int run_tenant(std::span<char*> args);
int run_filter(std::span<char*> args);

}  // namespace pam_idaas::cli
