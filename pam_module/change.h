// pam_sm_chauthtok's two passes, free of libpam: the preliminary pass decides
// whether and how the module takes part and proves the old password; the
// update pass gets a new password the policy accepts and has the tenant
// change it before any local module may.
#pragma once

#include <memory>
#include <string>

#include "pam_module/arguments.h"
#include "pam_module/caller.h"
#include "pam_module/host.h"
#include "pam_module/preparation.h"
#include "pam_module/result.h"
#include "policy/policy.h"

namespace pam_idaas::module {

struct ChangeContext {
  Services services;
  const Arguments& args;
  Caller caller;
};

// What the preliminary pass learned, kept on the PAM handle for the update.
struct ChangeState {
  bool prepared = false;
  Result prelim = Result::success;
  Preparation setup;
  std::unique_ptr<policy::Policy> policy;
  std::unique_ptr<TenantPort> tenant;  // null: the policy alone, the local stack changes it
  std::string tenant_user_id;
  std::string pwd_change_at;  // as the first lookup saw it: tells whether a lost change landed
  std::string real_name, mobile, email;  // personal data the policy looks for
  bool admin_reset = false;              // no old password: see admin_reset() in caller.h
  AdminReset reset_answer = AdminReset::not_root_on_purpose;  // and why not, for root
  bool tenant_changed = false;  // the tenant holds the new password; the host's is the stack's job
};

Result prelim_check(const ChangeContext& cx, ChangeState& state);
Result update_authtok(const ChangeContext& cx, ChangeState& state);

}  // namespace pam_idaas::module
