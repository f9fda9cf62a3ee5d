#include "pam_module/account.h"

#include <algorithm>

#include "pam_module/notices.h"
#include "pam_module/preparation.h"
#include "pam_module/printable.h"
#include "pam_module/status_cache.h"

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

// What the stack hears about a user in `status`, asked now or recalled.
Result answer(Host& host, const Preparation& p, const AccountStatus& status) {
  if (!status.known) return Result::ignore;
  if (status.disabled && p.config.account.disabled == AccountAnswer::deny) {
    return refuse(host, p, Notice::account_disabled, "disabled");
  }
  if (status.locked && p.config.account.locked == AccountAnswer::deny) {
    return refuse(host, p, Notice::account_locked, "locked");
  }
  if (status.must_modify) {
    host.log(Priority::notice,
             "the tenant requires " + printable(p.user) + " to change the password now");
    host.error(text(Notice::must_change, p.language));
    return Result::new_authtok_required;
  }
  return Result::success;
}

// A login waits for the tenant only briefly.
tenant::TenantSettings login_settings(const config::Config& config) {
  tenant::TenantSettings settings = *config.tenant;
  settings.budget_ms = std::min(settings.budget_ms, config.account.budget_ms);
  settings.connect_timeout_ms = std::min(settings.connect_timeout_ms, settings.budget_ms);
  return settings;
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

  const auto cache = StatusCache::open(services, p.config);
  if (cache) {
    if (const auto recalled = cache->recall(p.user)) {
      host.log(Priority::debug, "account status of " + printable(p.user) + " from the cache");
      return answer(host, p, *recalled);
    }
  }
  const auto tenant =
      services.connect(login_settings(p.config), cache_directory(services, p.config));
  const auto found = tenant->find_user(p.user);
  AccountStatus status;
  if (found.outcome.ok()) {
    const tenant::UserRecord& record = *found.value;
    status = {true, record.disabled, record.locked, record.pwd_must_modify, record.pwd_change_at};
  } else if (found.outcome.rule == policy::Rule::user_not_found) {
    status.known = false;
  } else {
    return tenant_failed(host, p, found.outcome);  // not kept: the next login asks again
  }
  if (cache) cache->remember(p.user, status);
  return answer(host, p, status);
}

}  // namespace pam_idaas::module
