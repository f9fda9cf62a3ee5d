// The tenant's token shared by every PAM call on the host (the vendor asks
// clients to reuse it): one root-only file per tenant and client id in the
// cache directory. A cache that cannot be used costs a token request, never
// a failed call, so nothing here throws.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "base/secure_string.h"
#include "config/tenant_settings.h"

namespace pam_idaas::tenant {

struct StoredToken {
  Secret access_token;
  std::string token_type;
  std::chrono::seconds lifetime{0};
  std::chrono::system_clock::time_point refresh_at;  // wall clock: it outlives the process
};

class TokenCache {
 public:
  TokenCache(std::string directory, const TenantSettings& settings);

  // The stored token while it is still fresh; none when missing, expired,
  // unreadable, or dated in the future (the clock was set back).
  std::optional<StoredToken> load() const noexcept;
  void store(const StoredToken& token) const noexcept;
  void forget() const noexcept;

 private:
  std::string directory_;
  std::string key_;
};

}  // namespace pam_idaas::tenant
