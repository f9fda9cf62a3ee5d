#include "pam_module/account.h"

#include "pam_module/notices.h"
#include "pam_module/preparation.h"
#include "pam_module/printable.h"

namespace pam_idaas::module {
namespace {

using config::AccountAnswer;

Result tenant_failed(Host& host, const Preparation& p, const tenant::Outcome& outcome) {
  const bool deny = p.config.account.on_tenant_unavailable == AccountAnswer::deny;
  host.log(deny ? Priority::error : Priority::warning,
           "account check of " + printable(p.user) + " failed: " + outcome.detail +
               (deny ? "; login denied, as account.on_tenant_unavailable says" : "; ignored"));
  if (!deny) return Result::ignore;
  host.error(text(Notice::account_unverifiable, p.language));
  return Result::permission_denied;
}

Result refuse(Host& host, const Preparation& p, Notice notice, std::string_view why) {
  host.log(Priority::notice,
           "login of " + printable(p.user) + " denied: " + std::string(why) + " at the tenant");
  host.error(text(notice, p.language));
  return Result::permission_denied;
}

}  // namespace

Result check_account(const Services& services, const Arguments& args) {
  Host& host = services.host;
  const Preparation p = prepare(services, args);
  if (p.stop) {
    // A broken configuration must not lock everybody out; the log says why.
    return *p.stop == Result::user_unknown ? Result::user_unknown : Result::ignore;
  }
  if (!p.config.tenant) return Result::ignore;

  const auto tenant = services.connect(*p.config.tenant);
  const auto found = tenant->find_user(p.user);
  if (!found.outcome.ok()) {
    if (found.outcome.rule == policy::Rule::user_not_found) return Result::ignore;
    return tenant_failed(host, p, found.outcome);
  }
  const tenant::UserRecord& record = *found.value;
  if (record.disabled && p.config.account.disabled == AccountAnswer::deny) {
    return refuse(host, p, Notice::account_disabled, "disabled");
  }
  if (record.locked && p.config.account.locked == AccountAnswer::deny) {
    return refuse(host, p, Notice::account_locked, "locked");
  }
  if (record.pwd_must_modify) {
    host.log(Priority::notice,
             "the tenant requires " + printable(p.user) + " to change the password now");
    host.error(text(Notice::must_change, p.language));
    return Result::new_authtok_required;
  }
  return Result::success;
}

}  // namespace pam_idaas::module
