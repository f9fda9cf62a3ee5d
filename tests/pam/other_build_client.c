/* A tenant client (pam_idaas/tenant.so) in C, over the real tenant_plugin.h, whose constructor
 * leaves a marker file: the module must refuse one of another build (or without an identity
 * note) before the loader runs any of it, so the marker must stay absent.
 *   cc -shared -fPIC -I SRC -DIDENTITY='"pam_idaas 0.0.0-other abi 1 0"' -DMARKER='"/path"'
 *   -DNO_NOTE: no identity note at all. */
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include "tenant/plugin/tenant_plugin.h"

#ifndef NO_NOTE
struct identity_note {
  uint32_t name_size, descriptor_size, type;
  char name[(sizeof PAM_IDAAS_TENANT_NOTE_NAME + 3) & ~3u];
  char descriptor[(sizeof IDENTITY + 3) & ~3u];
};
__attribute__((section(".note.pam_idaas"), used, aligned(4))) static const struct identity_note
    note = {sizeof PAM_IDAAS_TENANT_NOTE_NAME, sizeof IDENTITY, PAM_IDAAS_TENANT_NOTE_TYPE,
            PAM_IDAAS_TENANT_NOTE_NAME, IDENTITY};
#endif

__attribute__((constructor)) static void leave_marker(void) {
  int fd = open(MARKER, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd >= 0) close(fd);
}

/* Makes no handle: were it loaded, the tenant "could not be created". */
pam_idaas_tenant_t *pam_idaas_tenant_open(const pam_idaas_tenant_setting *settings, size_t count,
                                          const char *directory, size_t directory_length) {
  (void)settings, (void)count, (void)directory, (void)directory_length;
  return 0;
}
void pam_idaas_tenant_destroy(pam_idaas_tenant_t *tenant) { (void)tenant; }
int pam_idaas_tenant_restart_budget(pam_idaas_tenant_t *tenant, pam_idaas_tenant_outcome *o) {
  (void)tenant, (void)o;
  return PAM_IDAAS_TENANT_FAILED;
}
int pam_idaas_tenant_find_user(pam_idaas_tenant_t *tenant, const char *name, size_t length,
                               pam_idaas_tenant_outcome *o, pam_idaas_tenant_user *user) {
  (void)tenant, (void)name, (void)length, (void)o, (void)user;
  return PAM_IDAAS_TENANT_FAILED;
}
int pam_idaas_tenant_change_password(pam_idaas_tenant_t *tenant, const char *id, size_t id_length,
                                     const char *old_password, size_t old_length,
                                     const char *new_password, size_t new_length,
                                     pam_idaas_tenant_outcome *o) {
  (void)tenant, (void)id, (void)id_length, (void)old_password, (void)old_length;
  (void)new_password, (void)new_length, (void)o;
  return PAM_IDAAS_TENANT_FAILED;
}
int pam_idaas_tenant_reset_password(pam_idaas_tenant_t *tenant, const char *id, size_t id_length,
                                    const char *new_password, size_t new_length, int must_modify,
                                    pam_idaas_tenant_outcome *o) {
  (void)tenant, (void)id, (void)id_length, (void)new_password, (void)new_length;
  (void)must_modify, (void)o;
  return PAM_IDAAS_TENANT_FAILED;
}
int pam_idaas_tenant_login(pam_idaas_tenant_t *tenant, const char *name, size_t name_length,
                           const char *password, size_t password_length, const char *device_ip,
                           size_t device_ip_length, const char *language, size_t language_length,
                           pam_idaas_tenant_outcome *o, pam_idaas_tenant_login_answer *answer) {
  (void)tenant, (void)name, (void)name_length, (void)password, (void)password_length;
  (void)device_ip, (void)device_ip_length, (void)language, (void)language_length, (void)o;
  (void)answer;
  return PAM_IDAAS_TENANT_FAILED;
}
