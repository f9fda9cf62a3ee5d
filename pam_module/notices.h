// What the module tells the user besides policy verdicts, in every supported
// language. Verdicts themselves come from the rule catalogue (policy/).
#pragma once

#include <span>
#include <string_view>

#include "policy/catalogue.h"

namespace pam_idaas::module {

enum class Notice {
  config_unusable,
  tenant_unavailable,
  tenant_misconfigured,
  environment_refused,
  maybe_applied,
  not_applied,
  local_only,
  old_password_unprovable,
  reset_service_not_listed,  // root without the current password, through an unlisted service
  reset_account_not_managed,  // root without the current password, for an account not the host's
  must_change,
  account_disabled,
  account_locked,
  account_unverifiable,
  tenant_refused,  // {0}: the tenant's own message, for a code the catalogue lacks
  current_password_prompt,
  password_prompt,             // auth
  host_password_updated,       // auth: the tenant's password, new to this host, written here
  login_checked_locally,       // auth.offline: local_hash
  login_unverifiable,          // auth.offline: deny
  press_enter,                 // keeps an ssh keyboard-interactive message on screen
};

struct NoticeInfo {
  Notice notice;
  std::string_view en;
  std::string_view zh;
};

std::span<const NoticeInfo> notices();
std::string_view text(Notice notice, policy::Language language);

}  // namespace pam_idaas::module
