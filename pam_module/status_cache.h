// A user's account status at the tenant, as the last login learnt it, kept
// for cache.account_seconds: the account check runs at every login of every
// host, and most logins of one user come in bursts (automation, scp, tmux).
// A status that would ask for a change (must modify) is never kept, and a
// change through the module forgets what was kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"
#include "pam_module/host.h"
#include "pam_module/user_entries.h"

namespace pam_idaas::module {

struct AccountStatus {
  bool known = true;  // the tenant has this user
  bool disabled = false;
  bool locked = false;
  bool must_modify = false;
  std::string pwd_change_at;  // the tenant's, for the sync record (auth); "" when not reported
};

class StatusCache {
 public:
  // None when the configuration or the caller keeps no cache.
  static std::optional<StatusCache> open(const Services& services, const config::Config& config);

  std::optional<AccountStatus> recall(std::string_view user) const noexcept;
  void remember(std::string_view user, const AccountStatus& status) const noexcept;
  void forget(std::string_view user) const noexcept;

 private:
  StatusCache(UserEntries entries, unsigned lifetime_s);

  UserEntries entries_;
  unsigned lifetime_s_;
};

}  // namespace pam_idaas::module
