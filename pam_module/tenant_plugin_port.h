// The module's side of tenant_plugin.h: the plugin's C functions, and a
// tenant::Port over one of its handles, so the flows see what they always saw.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "pam_module/host.h"
#include "tenant/plugin/tenant_plugin.h"

namespace pam_idaas::module {

struct TenantPluginFunctions {
  decltype(&pam_idaas_tenant_open) open = nullptr;
  decltype(&pam_idaas_tenant_destroy) destroy = nullptr;
  decltype(&pam_idaas_tenant_restart_budget) restart_budget = nullptr;
  decltype(&pam_idaas_tenant_find_user) find_user = nullptr;
  decltype(&pam_idaas_tenant_change_password) change_password = nullptr;
  decltype(&pam_idaas_tenant_reset_password) reset_password = nullptr;
  decltype(&pam_idaas_tenant_login) login = nullptr;
};

// Fills `functions` from `resolve(name)`; the name of the first symbol
// missing, or "" when all were found.
template <typename Resolve>
std::string resolve_functions(TenantPluginFunctions& functions, Resolve resolve) {
  const auto take = [&](auto& slot, const char* name) {
    slot = reinterpret_cast<std::remove_reference_t<decltype(slot)>>(resolve(name));
    return slot != nullptr;
  };
  if (!take(functions.open, "pam_idaas_tenant_open")) return "pam_idaas_tenant_open";
  if (!take(functions.destroy, "pam_idaas_tenant_destroy")) return "pam_idaas_tenant_destroy";
  if (!take(functions.restart_budget, "pam_idaas_tenant_restart_budget"))
    return "pam_idaas_tenant_restart_budget";
  if (!take(functions.find_user, "pam_idaas_tenant_find_user")) return "pam_idaas_tenant_find_user";
  if (!take(functions.change_password, "pam_idaas_tenant_change_password"))
    return "pam_idaas_tenant_change_password";
  if (!take(functions.reset_password, "pam_idaas_tenant_reset_password"))
    return "pam_idaas_tenant_reset_password";
  if (!take(functions.login, "pam_idaas_tenant_login")) return "pam_idaas_tenant_login";
  return {};
}

// Null when the plugin could not make a handle (no memory). A status of
// PAM_IDAAS_TENANT_FAILED (an exception inside the plugin) is thrown again
// here, as a TenantPluginFailure, where the flows' callers catch everything.
std::unique_ptr<tenant::Port> open_plugin_port(const TenantPluginFunctions& functions,
                                               const tenant::TenantSettings& settings,
                                               const std::string& token_cache_directory);

class TenantPluginFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace pam_idaas::module
