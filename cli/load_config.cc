#include "cli/load_config.h"

#include <iostream>

namespace pam_idaas::cli {

std::optional<config::Config> load_config(const Options& opts) {
  const std::string path = opts.value("--config").value_or(config::kDefaultPath);
  auto loaded = config::load_file(path);
  for (const auto& error : loaded.errors) std::cerr << error.to_string() << '\n';
  if (!loaded.ok()) return std::nullopt;
  return std::move(loaded.config);
}

}  // namespace pam_idaas::cli
