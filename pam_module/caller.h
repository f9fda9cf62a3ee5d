// Who is asking for a password change, as the kernel and libpam tell it, and
// whether that caller may set the password without presenting the old one.
#pragma once

#include <algorithm>
#include <optional>
#include <string_view>

#include "config/config.h"

namespace pam_idaas::module {

struct Caller {
  bool real_root = false;       // getuid() == 0: not a setuid program run by a user
  bool expired_change = false;  // PAM_CHANGE_EXPIRED_AUTHTOK: forced at login (sshd, su, login)
};

// The account a change names, as the host's name service answered for it.
struct NamedAccount {
  std::string_view name;
  std::optional<unsigned> uid;  // none: not found, or the lookup failed
};

// Whether the change may skip the old password (the tenant's admin endpoint),
// and when root is refused that, why.
enum class AdminReset {
  allowed,
  not_root_on_purpose,  // a user, or a change forced at login: the old password, as always
  service_not_listed,   // root, through a service password.admin_reset.services does not list
  account_unknown,      // root, for a name the host's name service did not return
  account_not_managed,  // root, for an account below users.min_uid or in users.ignore
};

// The central security invariant: only root changing a password on purpose
// (root running `passwd alice`) may set it without presenting the old one. A
// forced change at login runs as root too, for a user who must prove the old
// password; a setuid `passwd` has a non-root real uid. And only where the
// admin allowed it: through the listed PAM services (Samba, a web panel or
// chpasswd calling pam_chauthtok as root are not `passwd`), for an account
// this host knows and manages. A failed lookup is no licence: an account the
// host cannot name is never reset from here.
inline AdminReset admin_reset(Caller caller, std::string_view service, NamedAccount account,
                              const config::Config& config) {
  if (!caller.real_root || caller.expired_change) return AdminReset::not_root_on_purpose;
  const auto& services = config.password.admin_reset.services;
  if (service.empty() || std::ranges::find(services, service) == services.end()) {
    return AdminReset::service_not_listed;
  }
  if (!account.uid) return AdminReset::account_unknown;
  const config::UserScope& users = config.users;
  if (*account.uid < users.min_uid ||
      std::ranges::find(users.ignore, account.name) != users.ignore.end()) {
    return AdminReset::account_not_managed;
  }
  return AdminReset::allowed;
}

// Root asked for a reset and is refused it: the old password is asked instead.
constexpr bool reset_refused(AdminReset answer) {
  return answer != AdminReset::allowed && answer != AdminReset::not_root_on_purpose;
}

}  // namespace pam_idaas::module
