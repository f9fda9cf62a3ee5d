#include "tenant/plugin/tenant_plugin_handle.h"

#include <string.h>  // explicit_bzero

#include <cstring>

#include "policy/catalogue.h"

namespace pam_idaas::tenant {
namespace {

void wipe(std::string& text) {
  explicit_bzero(text.data(), text.size());
  text.clear();
}

pam_idaas_tenant_text text_of(const std::string& text) { return {text.data(), text.size()}; }
pam_idaas_tenant_text text_of(std::string_view text) { return {text.data(), text.size()}; }

}  // namespace

void wipe_results(pam_idaas_tenant_t& tenant) {
  wipe(tenant.outcome.code);
  wipe(tenant.outcome.detail);
  tenant.outcome = {};
  for (std::string* field : {&tenant.user.user_id, &tenant.user.user_name, &tenant.user.name,
                             &tenant.user.mobile, &tenant.user.email, &tenant.user.pwd_change_at})
    wipe(*field);
  tenant.user = {};
  explicit_bzero(tenant.failure, sizeof tenant.failure);
}

int publish(pam_idaas_tenant_t& tenant, tenant::Outcome outcome, pam_idaas_tenant_outcome* out) {
  tenant.outcome = std::move(outcome);
  const tenant::Outcome& kept = tenant.outcome;
  *out = {};
  out->status = static_cast<int>(kept.status);
  out->http_status = kept.http_status;
  if (kept.rule) out->rule = text_of(policy::info(*kept.rule).id);
  out->code = text_of(kept.code);
  out->detail = text_of(kept.detail);
  out->maybe_applied = kept.maybe_applied;
  out->may_still_apply = kept.may_still_apply;
  out->caller_environment = kept.caller_environment;
  return out->status;
}

void publish(pam_idaas_tenant_t& tenant, tenant::UserRecord user, pam_idaas_tenant_user* out) {
  tenant.user = std::move(user);
  const tenant::UserRecord& kept = tenant.user;
  *out = {};
  out->user_id = text_of(kept.user_id);
  out->user_name = text_of(kept.user_name);
  out->name = text_of(kept.name);
  out->mobile = text_of(kept.mobile);
  out->email = text_of(kept.email);
  out->pwd_change_at = text_of(kept.pwd_change_at);
  out->pwd_must_modify = kept.pwd_must_modify;
  out->disabled = kept.disabled;
  out->locked = kept.locked;
}

int report_failure(pam_idaas_tenant_t& tenant, pam_idaas_tenant_outcome* out,
                   const char* what) noexcept {
  std::strncpy(tenant.failure, what != nullptr ? what : "", sizeof tenant.failure - 1);
  *out = {};
  out->status = PAM_IDAAS_TENANT_FAILED;
  out->detail = {tenant.failure, std::strlen(tenant.failure)};
  return PAM_IDAAS_TENANT_FAILED;
}

}  // namespace pam_idaas::tenant
