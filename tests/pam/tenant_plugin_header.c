/* tenant/plugin/tenant_plugin.h compiles as C99 (-pedantic), and its declarations are what a C
 * plugin implements: the ctest tenant_plugin_c_header compiles this file with the C compiler. */
#include "tenant/plugin/tenant_plugin.h"

typedef pam_idaas_tenant_t *(*open_function)(const pam_idaas_tenant_setting *, size_t,
                                             const char *, size_t);
typedef int (*find_user_function)(pam_idaas_tenant_t *, const char *, size_t,
                                  pam_idaas_tenant_outcome *, pam_idaas_tenant_user *);
typedef int (*login_function)(pam_idaas_tenant_t *, const char *, size_t, const char *, size_t,
                              const char *, size_t, const char *, size_t,
                              pam_idaas_tenant_outcome *, pam_idaas_tenant_login_answer *);

int main(void) {
  open_function open = pam_idaas_tenant_open;
  find_user_function find_user = pam_idaas_tenant_find_user;
  login_function login = pam_idaas_tenant_login;
  pam_idaas_tenant_outcome outcome = {PAM_IDAAS_TENANT_OK, 0, {0, 0}, {0, 0}, {0, 0}, 0, 0, 0};
  pam_idaas_tenant_user user;
  pam_idaas_tenant_setting setting = {{"budget_ms", 9}, {"20000", 5}};
  (void)open, (void)find_user, (void)login, (void)user, (void)setting;
  return outcome.status + PAM_IDAAS_TENANT_ABI - 1;
}
