// The YAML configuration, turned into typed settings. Every problem is
// reported with the file, line and column it comes from; yaml-cpp exceptions
// never leave this layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/tenant_settings.h"
#include "policy/catalogue.h"
#include "policy/settings.h"

namespace pam_idaas::config {

inline constexpr const char* kDefaultPath = PAM_IDAAS_CONFIG_FILE;

enum class LanguageSetting { automatic, en, zh };

// Which accounts the module manages; the others are left to the rest of the
// stack (PAM_IGNORE).
struct UserScope {
  // Below this uid (root, system accounts) an account is the host's own. Applies to
  // accounts the name service knows; the tenant decides about the others.
  unsigned min_uid = 1000;
  std::vector<std::string> ignore;  // login names
};

// What the password stack does when the tenant cannot be reached.
enum class TenantDown {
  refuse,      // nothing changes, the user is told to try later
  local_only,  // the local password changes alone, with a logged warning
};

// Where root may set a password without the old one (the tenant's admin
// endpoint). The accounts are never widened: only those the host's name
// service returns and users: manages (pam_module/caller.h).
struct AdminResetSettings {
  // PAM services (PAM_SERVICE, which libpam keeps in lower case): passwd(1)'s
  // alone by default, as passwdqc's am_root(); empty: root never skips it.
  std::vector<std::string> services = {"passwd"};
};

struct PasswordSettings {
  bool enforce_for_root = true;  // the policy applies to root's resets too
  TenantDown on_tenant_unavailable = TenantDown::refuse;
  AdminResetSettings admin_reset;
};

// What the account stack answers in a case the tenant reports or causes.
enum class AccountAnswer {
  ignore,  // PAM_IGNORE: the rest of the stack decides
  deny,    // the login is refused
};

struct AccountSettings {
  // Nobody is locked out of a host because the tenant is down.
  AccountAnswer on_tenant_unavailable = AccountAnswer::ignore;
  AccountAnswer disabled = AccountAnswer::deny;
  // A tenant lock usually follows failed logins at the tenant; denying host
  // logins for it would let anyone lock a user out.
  AccountAnswer locked = AccountAnswer::ignore;
  // The account check runs at every login: it waits for the tenant this long
  // at most (tenant.budget_ms if that is shorter), then fails open.
  unsigned budget_ms = 3000;
};

// What the auth stack does when the tenant cannot say whether a password is
// the user's current one (unreachable, or answering nothing usable).
enum class Offline {
  local_hash,  // PAM_IGNORE: the host's hash decides (pam_unix after the module)
  deny,        // the login is refused
};

// When the password goes to the tenant at login.
enum class AskTenant {
  when_needed,  // only when the host's hash fails it or the tenant's password moved
  always,       // at every login
};

struct AuthSettings {
  Offline offline = Offline::local_hash;
  AskTenant ask_tenant = AskTenant::when_needed;
  // A login waits for the tenant this long at most (tenant.budget_ms if that
  // is shorter), then is offline.
  unsigned budget_ms = 5000;
};

// What the module keeps between PAM calls, for root only, on this host: the
// tenant's token (the vendor asks clients to reuse it) and each user's
// account status for a short while. /run is a tmpfs, emptied at boot.
struct CacheSettings {
  std::string directory = "/run/pam_idaas";  // empty: nothing is kept
  // How long a login trusts a user's status from an earlier login; 0: ask
  // the tenant at every login.
  unsigned account_seconds = 60;
};

struct Config {
  LanguageSetting language = LanguageSetting::automatic;
  UserScope users;
  PasswordSettings password;
  AccountSettings account;
  AuthSettings auth;
  CacheSettings cache;
  policy::PolicySettings policy;
  // Absent: the module is a policy-only password module.
  std::optional<tenant::TenantSettings> tenant;
};

struct Diagnostic {
  std::string file;
  int line = 0;    // 1-based; 0 when the problem is the file as a whole
  int column = 0;  // 1-based
  std::string message;

  // "file:line:col: message", or "file: message" without a position.
  std::string to_string() const;
};

struct LoadResult {
  Config config;                   // meaningful only when ok()
  std::vector<Diagnostic> errors;  // every problem found, in file order
  bool ok() const { return errors.empty(); }
};

// Reads and validates the file: it must be a regular file (not a symlink), at
// most 1 MiB, and not writable by group or others.
LoadResult load_file(const std::string& path);

// Validates YAML text; `name` stands for the file name in diagnostics.
LoadResult parse(std::string_view yaml, const std::string& name);

policy::Language resolve(LanguageSetting setting);

}  // namespace pam_idaas::config
