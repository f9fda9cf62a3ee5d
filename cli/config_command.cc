// pam-idaas config check: validate the configuration file.
#include <iostream>
#include <string_view>

#include "cli/commands.h"
#include "cli/options.h"
#include "config/config.h"
#include "policy/policy.h"
#include "tenant/client.h"

namespace pam_idaas::cli {

namespace {

constexpr const char* kUsage =
    "Usage: pam-idaas config check [--config FILE]\n"
    "\n"
    "Validates the configuration file (default " PAM_IDAAS_CONFIG_FILE
    "):\n"
    "its permissions, YAML syntax, every key, type and value, and the client\n"
    "secret file of the tenant section. Prints every problem as\n"
    "FILE:LINE:COLUMN: message, or FILE: message for the file as a whole.\n"
    "\n"
    "Exit status: 0 valid, 2 invalid or usage error.\n";

int check(const Options& opts) {
  const std::string path = opts.value("--config").value_or(config::kDefaultPath);
  const auto loaded = config::load_file(path);
  for (const auto& error : loaded.errors) std::cerr << error.to_string() << '\n';
  if (!loaded.ok()) return kExitUsage;
  try {
    const policy::Policy engine(loaded.config.policy);  // reads the extra weak-password lists
    for (const auto& filter : engine.filters()) filter.verify();
  } catch (const policy::WeakListError& e) {
    std::cerr << path << ": " << e.what() << '\n';
    return kExitUsage;
  } catch (const policy::BreachFilterError& e) {
    std::cerr << path << ": " << e.what() << '\n';
    return kExitUsage;
  }
  if (const auto& tenant = loaded.config.tenant) {
    try {
      tenant::read_client_secret(tenant->client_secret_file);
    } catch (const tenant::SecretFileError& e) {
      std::cerr << path << ": tenant.client_secret_file: " << e.what() << '\n';
      return kExitUsage;
    }
  }
  std::cout << path << ": OK\n";
  return kExitOk;
}

}  // namespace

int run_config(std::span<char*> args) {
  try {
    const Options opts(args, {.with_value = {"--config"}, .flags = {"--help"}, .max_operands = 1});
    if (opts.flag("--help")) {
      std::cout << kUsage;
      return kExitOk;
    }
    if (opts.operand(0) != "check") throw UsageError("expected 'check'");
    return check(opts);
  } catch (const UsageError& e) {
    std::cerr << "pam-idaas config: " << e.what() << "\n\n" << kUsage;
    return kExitUsage;
  }
}

}  // namespace pam_idaas::cli
