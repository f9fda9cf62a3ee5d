// pam-idaas tenant ping | user NAME | login NAME: is the tenant reachable
// with this host's credentials, what does it say about a user, does it take
// a password.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "cli/load_config.h"
#include "cli/masking.h"
#include "cli/options.h"
#include "cli/password_input.h"
#include "tenant/client.h"

namespace pam_idaas::cli {

namespace {

constexpr const char* kUsage =
    "Usage: pam-idaas tenant ping [--config FILE]\n"
    "       pam-idaas tenant user NAME [--config FILE] [--json]\n"
    "       pam-idaas tenant login NAME [--config FILE]\n"
    "\n"
    "ping  obtains a token with the configured client credentials and prints its\n"
    "      lifetime (never the token or the secret).\n"
    "user  looks NAME up at the tenant and prints what the module sees: its user_id,\n"
    "      the real name, mobile number and email address the personal-data rule\n"
    "      checks (the last two partly masked), whether the password must be\n"
    "      changed, whether the account is disabled or locked.\n"
    "login asks the tenant whether a password is NAME's current tenant password,\n"
    "      as the module's login does. The password is read from the terminal (echo\n"
    "      off) or as one line of standard input, never from the command line. A\n"
    "      wrong one counts toward the tenant's lockout. Needs no client secret.\n"
    "\n"
    "Exit status: 0 success, 1 the tenant refused or could not be reached,\n"
    "2 usage or configuration error.\n";

constexpr std::string_view status_name(tenant::Status status) {
  switch (status) {
    case tenant::Status::ok:
      return "ok";
    case tenant::Status::rejected:
      return "rejected";
    case tenant::Status::unavailable:
      return "tenant unavailable";
    case tenant::Status::misconfigured:
      return "tenant misconfigured";
  }
  return "unknown";
}

int report_failure(const tenant::Outcome& outcome) {
  std::cerr << "pam-idaas tenant: " << status_name(outcome.status);
  if (!outcome.code.empty()) std::cerr << " (" << outcome.code << ")";
  std::cerr << ": " << outcome.detail << '\n';
  return kExitRejected;
}

const char* yes_no(bool value) { return value ? "yes" : "no"; }

int ping(tenant::Client& client, const tenant::TenantSettings& settings) {
  const auto started = std::chrono::steady_clock::now();
  const auto result = client.ping();
  if (!result.outcome.ok()) return report_failure(result.outcome);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  std::cout << settings.base_url << ": token obtained for client " << settings.client_id
            << ", valid for " << result.value->expires_in.count() << " s (took " << took.count()
            << " ms)\n";
  return kExitOk;
}

// An empty field: the tenant has none, so PWD.0009 has nothing of it to check.
std::string or_none(std::string text) { return text.empty() ? "(none)" : text; }

int show_user(tenant::Client& client, std::string_view name, bool json) {
  const auto result = client.find_user(name);
  if (!result.outcome.ok()) return report_failure(result.outcome);
  const tenant::UserRecord& user = *result.value;
  if (json) {
    std::cout << nlohmann::json{{"user_id", user.user_id},
                                {"user_name", user.user_name},
                                {"name", user.name},
                                {"mobile", mask_mobile(user.mobile)},
                                {"email", mask_email(user.email)},
                                {"pwd_must_modify", user.pwd_must_modify},
                                {"disabled", user.disabled},
                                {"locked", user.locked},
                                {"pwd_change_at", user.pwd_change_at}}
                     .dump()
              << '\n';
    return kExitOk;
  }
  std::cout << "user_id:        " << user.user_id << '\n'
            << "user_name:      " << user.user_name << '\n'
            << "name:           " << or_none(user.name) << '\n'
            << "mobile:         " << or_none(mask_mobile(user.mobile)) << '\n'
            << "email:          " << or_none(mask_email(user.email)) << '\n'
            << "must change pw: " << yes_no(user.pwd_must_modify) << '\n'
            << "disabled:       " << yes_no(user.disabled) << '\n'
            << "locked:         " << yes_no(user.locked) << '\n'
            << "pwd_change_at:  " << user.pwd_change_at << '\n';
  return kExitOk;
}

// The tenant's answer on a password, read like `check` reads one.
int try_login(tenant::Client& client, std::string_view name) {
  const Secret password = read_password_line(STDIN_FILENO);
  const auto result = client.login(name, password, {});
  if (!result.outcome.ok()) return report_failure(result.outcome);
  std::cout << name << ": the tenant accepted the password"
            << (result.value->next_step ? ", and asks for another step (a password change or MFA)"
                                        : "")
            << '\n';
  return kExitOk;
}

int run(const Options& opts) {
  const std::string_view action = opts.operand(0);
  const bool is_login = action == "login";
  const bool is_user = action == "user";
  if (action != "ping" && !is_user && !is_login)
    throw UsageError("expected 'ping', 'user' or 'login'");
  if ((is_user || is_login) && opts.operands().size() < 2)
    throw UsageError("tenant " + std::string(action) + " needs a user name");
  if (!is_user && !is_login && opts.operands().size() > 1) {
    throw UsageError("unexpected argument '" + std::string(opts.operand(1)) + "'");
  }
  const auto cfg = load_config(opts);
  if (!cfg) return kExitUsage;
  if (!cfg->tenant) {
    std::cerr << "pam-idaas tenant: the configuration has no tenant section\n";
    return kExitUsage;
  }
  if (is_login) {
    tenant::Client client(*cfg->tenant, Secret());  // the login needs no secret
    return try_login(client, opts.operand(1));
  }
  Secret secret;
  try {
    secret = tenant::read_client_secret(cfg->tenant->client_secret_file);
  } catch (const tenant::SecretFileError& e) {
    std::cerr << "pam-idaas tenant: " << e.what() << '\n';
    return kExitUsage;
  }
  tenant::Client client(*cfg->tenant, std::move(secret));
  return is_user ? show_user(client, opts.operand(1), opts.flag("--json"))
                 : ping(client, *cfg->tenant);
}

}  // namespace

int run_tenant(std::span<char*> args) {
  try {
    const Options opts(
        args, {.with_value = {"--config"}, .flags = {"--json", "--help"}, .max_operands = 2});
    if (opts.flag("--help")) {
      std::cout << kUsage;
      return kExitOk;
    }
    return run(opts);
  } catch (const UsageError& e) {
    std::cerr << "pam-idaas tenant: " << e.what() << "\n\n" << kUsage;
    return kExitUsage;
  }
}

}  // namespace pam_idaas::cli
