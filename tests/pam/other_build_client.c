/* A tenant client (pam_idaas/tenant.so) of another pam_idaas build: the module must refuse
 * it before calling into it. */
const char *pam_idaas_tenant_build(void) { return "0.0.0-other"; }
void *pam_idaas_tenant_connect(const void *settings, const char *token_cache_directory) {
  (void)settings;
  (void)token_cache_directory;
  return 0;
}
