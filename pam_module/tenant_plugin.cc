// pam_idaas/tenant.so: connect_to_tenant behind the C ABI of tenant_plugin.h.
#include "pam_module/tenant_plugin.h"

#include "pam_module/client_port.h"

#define PAM_IDAAS_EXPORT __attribute__((visibility("default")))

extern "C" {

PAM_IDAAS_EXPORT const char* pam_idaas_tenant_build() { return PAM_IDAAS_BUILD; }

PAM_IDAAS_EXPORT pam_idaas::module::TenantPort* pam_idaas_tenant_connect(
    const pam_idaas::tenant::TenantSettings* settings, const char* token_cache_directory) {
  if (settings == nullptr || token_cache_directory == nullptr) return nullptr;
  try {
    return pam_idaas::module::connect_to_tenant(*settings, token_cache_directory).release();
  } catch (...) {
    return nullptr;
  }
}

}  // extern "C"
