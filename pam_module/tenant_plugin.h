// The C ABI between pam_idaas.so and its tenant client, pam_idaas/tenant.so.
//
// The client, with libcurl and the thirty libraries libcurl brings, loads only
// when a PAM call first needs the tenant: an account check answered from the
// status cache (every login, on every host) never maps them. Both halves come
// from one build, so C++ types may cross; the build check refuses a plugin
// left over from another version.
#pragma once

#include "pam_module/host.h"

// Defined in the plugin only; the module finds them with dlsym.
extern "C" {
const char* pam_idaas_tenant_build();
// A TenantPort, or null when it could not be made. Never throws.
pam_idaas::module::TenantPort* pam_idaas_tenant_connect(
    const pam_idaas::tenant::TenantSettings* settings, const char* token_cache_directory);
}

namespace pam_idaas::module {

inline constexpr const char* kTenantBuildSymbol = "pam_idaas_tenant_build";
inline constexpr const char* kTenantConnectSymbol = "pam_idaas_tenant_connect";
// Relative to the module's own directory, as Linux-PAM's pam_filter keeps its
// helpers in security/pam_filter/.
inline constexpr const char* kTenantPluginPath = "pam_idaas/tenant.so";

}  // namespace pam_idaas::module
