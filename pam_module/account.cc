#include "pam_module/account.h"

#include <algorithm>
#include <exception>
#include <string>

#include "pam_module/notices.h"
#include "pam_module/preparation.h"
#include "pam_module/printable.h"
#include "pam_module/status_cache.h"

namespace pam_idaas::module {
namespace {

using config::AccountAnswer;

// The user's status cannot be learnt: the tenant failed, or the module did.
Result unverifiable(Host& host, const Preparation& p, const std::string& why) {
  const bool deny = p.config.account.on_tenant_unavailable == AccountAnswer::deny;
  host.log(deny ? Priority::error : Priority::warning,
           "account check of " + printable(p.user) + " failed: " + why +
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

// The configuration could not be read (prepare logged why): there is no
// account.on_tenant_unavailable to follow, the stack line's on_error= decides.
Result stopped(Host& host, const Preparation& p, const Arguments& args) {
  if (*p.stop == Result::user_unknown) return Result::user_unknown;
  if (*p.stop != Result::service_error) return Result::ignore;  // outside users:
  const std::string user = printable(p.user);
  if (args.on_error == OnError::ignore) {
    // A typo in the file must not lock every user out, root on the console included.
    host.log(Priority::error, "the configuration is unusable: account check of " + user +
                                  " left to the stack (on_error=ignore)");
    return Result::ignore;
  }
  host.log(Priority::error, "the configuration is unusable: login of " + user +
                                " denied, as on_error=deny says");
  host.error(text(Notice::account_unverifiable, p.language));
  return Result::permission_denied;
}

// An error of the module's own: the user's status is as unknown as with a
// tenant that cannot be reached; on_error=deny denies whatever the file says.
Result internal_error(Host& host, const Preparation& p, const Arguments& args,
                      const std::string& what) {
  if (args.on_error == OnError::ignore) return unverifiable(host, p, "unexpected error: " + what);
  host.log(Priority::error, "account check of " + printable(p.user) +
                                " failed: unexpected error: " + what +
                                "; login denied, as on_error=deny says");
  host.error(text(Notice::account_unverifiable, p.language));
  return Result::permission_denied;
}

// A login waits for the tenant only briefly.
tenant::TenantSettings login_settings(const config::Config& config) {
  tenant::TenantSettings settings = *config.tenant;
  settings.budget_ms = std::min(settings.budget_ms, config.account.budget_ms);
  settings.connect_timeout_ms = std::min(settings.connect_timeout_ms, settings.budget_ms);
  return settings;
}

Result check_with_tenant(const Services& services, const Preparation& p) {
  Host& host = services.host;
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
    return unverifiable(host, p, found.outcome.detail);  // not kept: the next login asks again
  }
  if (cache) cache->remember(p.user, status);
  return answer(host, p, status);
}

}  // namespace

Result check_account(const Services& services, const Arguments& args) {
  const Preparation p = prepare(services, args);
  if (p.stop) return stopped(services.host, p, args);
  try {
    return check_with_tenant(services, p);
  } catch (const std::exception& e) {
    return internal_error(services.host, p, args, e.what());
  }
}

}  // namespace pam_idaas::module
