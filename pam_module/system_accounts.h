// LocalAccounts over the name service (getpwnam_r) and the shadow file
// (getspnam_r + libcrypt).
#pragma once

#include "pam_module/host.h"

namespace pam_idaas::module {

class SystemAccounts final : public LocalAccounts {
 public:
  std::optional<LocalUser> find(const std::string& user) override;
  LocalCheck check_password(const std::string& user, std::string_view password) override;
  std::string hash_fingerprint(const std::string& user) override;
  HostWrite make_current(const std::string& user, std::string_view password) override;
};

}  // namespace pam_idaas::module
