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
// su, login and display managers keep the handle open for the whole session:
// nothing secret stays on it past the pass that needs it (see prelim_check and
// update_authtok).
struct ChangeState {
  bool prepared = false;
  Result prelim = Result::success;
  Preparation setup;
  std::unique_ptr<policy::Policy> policy;
  // The client, with the client secret and the token: made by each pass that
  // talks to the tenant, destroyed (wiped) when that pass returns. Between the
  // passes the token waits in the token cache (root's), not on the handle.
  std::unique_ptr<tenant::Port> tenant;
  bool through_tenant = false;  // false: the policy alone, the local stack changes it
  std::string tenant_user_id;
  std::string pwd_change_at;  // as the first lookup saw it: tells whether a lost change landed
  std::string real_name, mobile, email;  // personal data the policy looks for
  bool admin_reset = false;              // no old password: see admin_reset() in caller.h
  AdminReset reset_answer = AdminReset::not_root_on_purpose;  // and why not, for root
  bool tenant_changed = false;  // the tenant holds the new password; the host's is the stack's job
  // The current password was proven before the new one is checked (the host's
  // hash or the tenant's login): the policy may compare the new one with it.
  bool old_proven = false;
};

// Each pass releases what it made when it returns, by exception too: the
// preliminary pass keeps for the update only what the update needs (no
// tenant client), the update keeps only what pam_end's report needs (the
// user's name and whether the tenant changed the password).
Result prelim_check(const ChangeContext& cx, ChangeState& state);
Result update_authtok(const ChangeContext& cx, ChangeState& state);

}  // namespace pam_idaas::module
