// The tenant as the module's flows use it: one interface over the client
// (tenant/plugin/client_port.cc) that the unit tests replace with fakes.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "config/tenant_settings.h"
#include "tenant/client.h"

namespace pam_idaas::tenant {

// The tenant's API as the flows use it (Client behind it).
class Port {
 public:
  virtual ~Port() = default;
  virtual void restart_budget() = 0;
  virtual Reply<UserRecord> find_user(std::string_view user) = 0;
  virtual Outcome change_password(std::string_view user_id, std::string_view old_password,
                                  std::string_view new_password) = 0;
  virtual Outcome reset_password(std::string_view user_id, std::string_view new_password,
                                 bool must_modify) = 0;
  // Works without the client secret (a caller that cannot read it still can).
  virtual Reply<LoginAnswer> login(std::string_view user, std::string_view password,
                                   const LoginCaller& caller) = 0;
};

// `token_cache_directory`: where clients share the tenant's token; "" for none.
using PortFactory = std::function<std::unique_ptr<Port>(const TenantSettings&,
                                                        const std::string& token_cache_directory)>;

}  // namespace pam_idaas::tenant
