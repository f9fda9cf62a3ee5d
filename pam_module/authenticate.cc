#include "pam_module/authenticate.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "base/utf8.h"
#include "pam_module/notices.h"
#include "pam_module/password_sync.h"
#include "pam_module/preparation.h"
#include "pam_module/printable.h"
#include "pam_module/status_cache.h"

namespace pam_idaas::module {
namespace {

using tenant::Status;

// One authentication: what it learnt so far.
struct Login {
  const Services& services;
  Preparation p;
  std::optional<AccountStatus> status;  // root only: a lookup needs the client secret
  std::unique_ptr<tenant::Port> tenant;

  Host& host() const { return services.host; }
};

// A login waits for the tenant only briefly.
tenant::TenantSettings auth_settings(const config::Config& config) {
  tenant::TenantSettings settings = *config.tenant;
  settings.budget_ms = std::min(settings.budget_ms, config.auth.budget_ms);
  settings.connect_timeout_ms = std::min(settings.connect_timeout_ms, settings.budget_ms);
  return settings;
}

tenant::Port& tenant(Login& l) {
  if (!l.tenant) {
    l.tenant =
        l.services.connect(auth_settings(l.p.config), cache_directory(l.services, l.p.config));
  }
  return *l.tenant;
}

// Nobody is locked out by a configuration the module cannot use (pam_unix
// decides), unless the stack line says on_error=deny.
Result stopped(Host& host, const Preparation& p, const Arguments& args) {
  if (*p.stop == Result::user_unknown) return Result::user_unknown;
  if (*p.stop != Result::service_error) return Result::ignore;  // outside users:
  if (args.on_error == OnError::ignore) {
    host.log(Priority::error, "the configuration is unusable: login of " + printable(p.user) +
                                  " left to the stack (on_error=ignore)");
    return Result::ignore;
  }
  host.log(Priority::error, "the configuration is unusable: login of " + printable(p.user) +
                                " denied, as on_error=deny says");
  host.error(text(Notice::account_unverifiable, p.language));
  return Result::permission_denied;
}

// e: the tenant cannot say whether the password is right.
Result offline(Login& l, const tenant::Outcome& outcome) {
  Host& host = l.host();
  const std::string user = printable(l.p.user);
  if (l.p.config.auth.offline == config::Offline::local_hash) {
    host.log(Priority::warning, "cannot check the password of " + user + " at the tenant (" +
                                    outcome.detail +
                                    "): left to this host's hash, as auth.offline says");
    host.info(text(Notice::login_checked_locally, l.p.language));
    return Result::ignore;
  }
  host.log(Priority::error, "cannot check the password of " + user + " at the tenant (" +
                                outcome.detail + "): login refused, as auth.offline says");
  host.error(text(Notice::login_unverifiable, l.p.language));
  return Result::authinfo_unavailable;
}

std::optional<AccountStatus> look_up(Login& l, tenant::Outcome& failure) {
  const auto found = tenant(l).find_user(l.p.user);
  if (found.outcome.ok()) {
    const tenant::UserRecord& r = *found.value;
    return AccountStatus{true, r.disabled, r.locked, r.pwd_must_modify, r.pwd_change_at};
  }
  if (found.outcome.rule == policy::Rule::user_not_found) {
    AccountStatus unknown;
    unknown.known = false;
    return unknown;
  }
  failure = found.outcome;
  return std::nullopt;
}

// c: the user's status at the tenant, recalled or asked (root only), kept for
// the account step that follows; a stop when the module is done.
std::optional<Result> learn_status(Login& l) {
  if (!l.services.may_cache) return std::nullopt;
  const auto cache = StatusCache::open(l.services, l.p.config);
  if (cache) l.status = cache->recall(l.p.user);
  if (!l.status) {
    tenant::Outcome failure;
    l.status = look_up(l, failure);
    if (!l.status) return offline(l, failure);
    if (cache) cache->remember(l.p.user, *l.status);
  }
  if (l.status->known) return std::nullopt;
  l.host().log(Priority::info,
               "user " + printable(l.p.user) + " is not known to the tenant; left to the stack");
  return Result::ignore;
}

Result refused(Login& l, const tenant::Outcome& outcome) {
  const bool wrong_password = outcome.code == "LOGIN.0002";
  l.host().log(Priority::notice, (wrong_password ? "wrong password for " : "login refused for ") +
                                     printable(l.p.user) + " at the tenant: " + outcome.code);
  l.host().error(tenant_message(outcome));
  return wrong_password ? Result::auth_error : Result::permission_denied;
}

Result accepted(Login& l, std::string_view password, LocalCheck local, bool next_step) {
  l.host().log(Priority::info, "password of " + printable(l.p.user) + " accepted by the tenant" +
                                   (next_step ? " (it asks for a next step)" : ""));
  adopt_tenant_password(l.services, l.p, password, local, l.status ? l.status->pwd_change_at : "");
  return Result::success;
}

// d: one password, proven by the host's hash in sync or by the tenant.
Result check(Login& l, std::string_view password) {
  const LocalCheck local = l.services.accounts.check_password(l.p.user, password);
  if (local == LocalCheck::no_local_hash) {
    // Locked, emptied or missing here: the host's own decision, not the tenant's to undo.
    l.host().log(Priority::info, "no usable hash of " + printable(l.p.user) +
                                     " on this host (locked, empty or missing): left to the stack");
    return Result::ignore;
  }
  const bool ask_always = l.p.config.auth.ask_tenant == config::AskTenant::always;
  if (local == LocalCheck::matches && !ask_always && l.status &&
      hash_in_sync(l.services, l.p, l.status->pwd_change_at)) {
    l.host().log(Priority::debug, "password of " + printable(l.p.user) +
                                      " matches this host's hash, in sync with the tenant");
    return Result::success;
  }
  if (!utf8::decode(password).ok) {
    // The tenant's passwords are JSON text: it cannot hold this one, nor be asked.
    tenant::Outcome cannot_ask;
    cannot_ask.detail = "the password is not valid UTF-8 text, which the tenant cannot hold";
    return offline(l, cannot_ask);
  }
  const auto answer = ask_tenant(l.services, l.p, tenant(l), password);
  if (answer.outcome.ok()) {
    return accepted(l, password, local, answer.value && answer.value->next_step);
  }
  if (answer.outcome.status == Status::rejected) return refused(l, answer.outcome);
  return offline(l, answer.outcome);
}

}  // namespace

Result authenticate(const Services& services, const Arguments& args) {
  Login l{services, prepare(services, args), std::nullopt, nullptr};
  Host& host = services.host;
  if (l.p.stop) return stopped(host, l.p, args);
  if (!l.p.config.tenant) return Result::ignore;

  for (unsigned n = 1;; ++n) {
    const Token password = host.password(text(Notice::password_prompt, l.p.language));
    if (!password.ok()) return Result::auth_error;
    if (!l.status) {
      if (const auto stop = learn_status(l)) return *stop;
    }
    const Result result = check(l, password.text);
    // Only a password this module asked for can be asked again.
    if (result != Result::auth_error || password.from_earlier_module || n >= args.retry) {
      return result;
    }
    host.forget_password();
  }
}

}  // namespace pam_idaas::module
