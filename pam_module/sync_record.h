// What this host knew at the last login the tenant proved: the tenant's
// pwd_change_at then, and the fingerprint of the host's hash then. While both
// are still the same, the host's hash is the tenant's current password and a
// login that matches it need not send the password (docs/pam.md). Root only;
// in the cache directory (/run: gone at reboot), one file per user and tenant.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "config/config.h"
#include "pam_module/host.h"
#include "pam_module/user_entries.h"

namespace pam_idaas::module {

// SyncRecord (host.h): the tenant's pwd_change_at as sent, and
// LocalAccounts::hash_fingerprint (32 hex digits).
class SyncRecords {
 public:
  // None when the caller keeps no cache (not root, no directory) or there is
  // no tenant.
  static std::optional<SyncRecords> open(const Services& services, const config::Config& config);

  std::optional<SyncRecord> recall(std::string_view user) const noexcept;
  // A record recall would refuse (a fingerprint that is not 32 hex digits, a
  // pwd_change_at with control characters or too long) forgets instead.
  void remember(std::string_view user, const SyncRecord& record) const noexcept;
  void forget(std::string_view user) const noexcept;

 private:
  explicit SyncRecords(UserEntries entries) : entries_(std::move(entries)) {}

  UserEntries entries_;
};

}  // namespace pam_idaas::module
