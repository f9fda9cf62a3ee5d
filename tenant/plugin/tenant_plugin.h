/* The C ABI between pam_idaas.so and its tenant client, pam_idaas/tenant.so.
 *
 * The client, with libcurl and the thirty libraries libcurl brings, loads only
 * when a PAM call first needs the tenant: an account check answered from the
 * status cache (every login, on every host) never maps them. Only C crosses:
 * an opaque handle, strings as (pointer, length), plain result structs. No
 * exception leaves the plugin; one caught there is PAM_IDAAS_TENANT_FAILED.
 *
 * Before the module lets the loader run any of the plugin's code, it reads the
 * plugin's identity from the file (an ELF note, owner PAM_IDAAS_TENANT_NOTE_NAME,
 * type PAM_IDAAS_TENANT_NOTE_TYPE): "pam_idaas VERSION abi N HASH", where N is
 * PAM_IDAAS_TENANT_ABI and HASH a digest of this file. Both halves must carry
 * the same one (tenant_identity.h).
 *
 * This file compiles as C (tests/pam/tenant_plugin_header.c checks). */
#ifndef PAM_IDAAS_PAM_MODULE_TENANT_PLUGIN_H
#define PAM_IDAAS_PAM_MODULE_TENANT_PLUGIN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Raise with any change of what crosses below (the digest changes anyway). */
#define PAM_IDAAS_TENANT_ABI 1
#define PAM_IDAAS_TENANT_NOTE_NAME "pam_idaas"
#define PAM_IDAAS_TENANT_NOTE_TYPE 1

typedef struct pam_idaas_tenant_t pam_idaas_tenant_t;

/* Not NUL-terminated; length 0 (data possibly null) is the empty string. */
typedef struct {
  const char* data;
  size_t length;
} pam_idaas_tenant_text;

/* tenant::Status, and FAILED: an exception inside the plugin (outcome.detail). */
enum {
  PAM_IDAAS_TENANT_OK = 0,
  PAM_IDAAS_TENANT_REJECTED = 1,
  PAM_IDAAS_TENANT_UNAVAILABLE = 2,
  PAM_IDAAS_TENANT_MISCONFIGURED = 3,
  PAM_IDAAS_TENANT_FAILED = 4
};

/* Results: their texts belong to the handle, valid until the next call on it
 * or its destruction, which wipe them. */
typedef struct {
  int status;
  long http_status;
  pam_idaas_tenant_text rule; /* the catalogue's id of the rule ("length"); empty: none */
  pam_idaas_tenant_text code;
  pam_idaas_tenant_text detail;
  int maybe_applied;
  int may_still_apply;
  int caller_environment;
} pam_idaas_tenant_outcome;

typedef struct {
  pam_idaas_tenant_text user_id;
  pam_idaas_tenant_text user_name;
  pam_idaas_tenant_text name;
  pam_idaas_tenant_text mobile;
  pam_idaas_tenant_text email;
  pam_idaas_tenant_text pwd_change_at;
  int pwd_must_modify;
  int disabled;
  int locked;
} pam_idaas_tenant_user;

typedef struct {
  int next_step;
} pam_idaas_tenant_login_answer;

/* One key of tenant::TenantSettings, its value as text (numbers in decimal,
 * booleans "true"/"false"); tenant_plugin_settings.h lists the keys. */
typedef struct {
  pam_idaas_tenant_text key;
  pam_idaas_tenant_text value;
} pam_idaas_tenant_setting;

/* Null only when memory ran out. An unknown key, a bad value or an unreadable
 * client secret make the calls that need them answer MISCONFIGURED, saying why. */
pam_idaas_tenant_t* pam_idaas_tenant_open(const pam_idaas_tenant_setting* settings, size_t count,
                                          const char* token_cache_directory,
                                          size_t token_cache_directory_length);
/* Wipes the texts of the last results and frees the handle; null is ignored. */
void pam_idaas_tenant_destroy(pam_idaas_tenant_t* tenant);

/* Each returns outcome->status. `user` is written when the status is OK. */
int pam_idaas_tenant_restart_budget(pam_idaas_tenant_t* tenant, pam_idaas_tenant_outcome* outcome);
int pam_idaas_tenant_find_user(pam_idaas_tenant_t* tenant, const char* user_name,
                               size_t user_name_length, pam_idaas_tenant_outcome* outcome,
                               pam_idaas_tenant_user* user);
/* Passwords are read in place, never kept past the call. */
int pam_idaas_tenant_change_password(pam_idaas_tenant_t* tenant, const char* user_id,
                                     size_t user_id_length, const char* old_password,
                                     size_t old_password_length, const char* new_password,
                                     size_t new_password_length, pam_idaas_tenant_outcome* outcome);
int pam_idaas_tenant_reset_password(pam_idaas_tenant_t* tenant, const char* user_id,
                                    size_t user_id_length, const char* new_password,
                                    size_t new_password_length, int must_modify,
                                    pam_idaas_tenant_outcome* outcome);
/* device_ip, language: tenant::LoginCaller; empty leaves the header out. */
int pam_idaas_tenant_login(pam_idaas_tenant_t* tenant, const char* user_name,
                           size_t user_name_length, const char* password, size_t password_length,
                           const char* device_ip, size_t device_ip_length, const char* language,
                           size_t language_length, pam_idaas_tenant_outcome* outcome,
                           pam_idaas_tenant_login_answer* answer);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PAM_IDAAS_PAM_MODULE_TENANT_PLUGIN_H */
