#pragma once

#include <optional>

#include "cli/options.h"
#include "config/config.h"

namespace pam_idaas::cli {

// The file named by --config (or the default), or nothing after printing
// every diagnostic to stderr.
std::optional<config::Config> load_config(const Options& opts);

}  // namespace pam_idaas::cli
