// The plugin's side of tenant_plugin.h: what a handle holds, and how a C++
// result becomes a C one that points into it.
#pragma once

#include <exception>
#include <memory>
#include <string>

#include "tenant/plugin/tenant_plugin.h"
#include "tenant/port.h"

// Global, as the C typedef names it.
struct pam_idaas_tenant_t {
  std::unique_ptr<pam_idaas::tenant::Port> port;
  std::string problem;  // a setting the plugin could not take: every call reports it
  // The last call's results, which the caller reads through the C structs.
  pam_idaas::tenant::Outcome outcome;
  pam_idaas::tenant::UserRecord user;
  char failure[256] = {};  // an exception's message: copied without allocating
};

namespace pam_idaas::tenant {

// Wipes the strings of the last results (tenant messages, personal data).
void wipe_results(pam_idaas_tenant_t& tenant);
// Keeps `outcome` in the handle and points `out` at it; returns its status.
int publish(pam_idaas_tenant_t& tenant, tenant::Outcome outcome, pam_idaas_tenant_outcome* out);
void publish(pam_idaas_tenant_t& tenant, tenant::UserRecord user, pam_idaas_tenant_user* out);
// PAM_IDAAS_TENANT_FAILED with `what`, allocating nothing.
int report_failure(pam_idaas_tenant_t& tenant, pam_idaas_tenant_outcome* out,
                   const char* what) noexcept;

// Runs `body` (returning the status) with every exception caught: none crosses the C ABI.
template <typename Body>
int guarded(pam_idaas_tenant_t* tenant, pam_idaas_tenant_outcome* out, Body body) noexcept {
  if (tenant == nullptr || out == nullptr) return PAM_IDAAS_TENANT_FAILED;
  try {
    wipe_results(*tenant);
    if (!tenant->problem.empty()) return publish(*tenant, misconfigured(tenant->problem), out);
    return body(*tenant);
  } catch (const std::exception& e) {
    return report_failure(*tenant, out, e.what());
  } catch (...) {
    return report_failure(*tenant, out, "an exception of no known type");
  }
}

}  // namespace pam_idaas::tenant
