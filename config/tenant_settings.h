// How to reach the tenant: the `tenant:` section of the config.
#pragma once

#include <string>

namespace pam_idaas::tenant {

// Which change endpoint the tenant offers this application.
enum class ChangeEndpoint {
  verify,  // change-password-verify: the tenant checks the old password
  admin,   // only change-password: the old password is checked locally
};

struct TenantSettings {
  std::string base_url;  // "https://tenant.example.com[:port]"; https only (for_tests.h)
  std::string client_id;
  // The application the user's own login (POST /api/v2/sdk/login) names in
  // X-client-id; the config's tenant.login_client_id, tenant.client_id when absent.
  std::string login_client_id;
  std::string client_secret_file = "/etc/security/pam_idaas.secret";
  std::string ca_file;  // empty: the system's CA bundle
  std::string proxy;    // empty: no proxy, whatever the environment says
  unsigned connect_timeout_ms = 3000;
  unsigned budget_ms = 20000;  // every call of one PAM operation together
  ChangeEndpoint change_endpoint = ChangeEndpoint::verify;
  std::string must_modify_field =
      "must_modify";        // the seed's name; OneAccess pages say pwd_must_modify
  bool must_modify = true;  // the seed's default for admin resets
};

}  // namespace pam_idaas::tenant
