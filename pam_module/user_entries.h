// The root-only files the module keeps of each user in the cache directory,
// one kind of file a store (the status cache's, the sync records'), each named
// by tenant and user so that tenants never share an entry.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/secure_string.h"
#include "config/config.h"
#include "pam_module/host.h"

namespace pam_idaas::module {

// The caches' directory for these services, or "" when they keep none (not root).
std::string cache_directory(const Services& services, const config::Config& config);

class UserEntries {
 public:
  // None when the caller keeps no cache (not root, no directory) or there is
  // no tenant. `kind` names the files ("status", "sync").
  static std::optional<UserEntries> open(std::string_view kind, const Services& services,
                                         const config::Config& config);

  // None when there is no entry or it cannot be read.
  std::optional<Secret> read(std::string_view user) const noexcept;
  // Failures are not reported: an entry not written is asked for again next time.
  void replace(std::string_view user, std::string_view content) const noexcept;
  void forget(std::string_view user) const noexcept;

 private:
  UserEntries(std::string_view kind, std::string directory, std::string tenant);
  std::string key(std::string_view user) const;

  std::string kind_;
  std::string directory_;
  std::string tenant_;  // base URL and client id
};

}  // namespace pam_idaas::module
