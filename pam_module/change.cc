#include "pam_module/change.h"

#include <string.h>

#include <chrono>
#include <optional>
#include <string_view>

#include "base/utf8.h"
#include "pam_module/lost_answer.h"
#include "pam_module/notices.h"
#include "pam_module/password_sync.h"
#include "pam_module/printable.h"
#include "pam_module/status_cache.h"
#include "pam_module/verdicts.h"
#include "policy/history.h"

namespace pam_idaas::module {
namespace {

using policy::Language;
using policy::Rule;
using tenant::Outcome;
using tenant::Status;

bool uses_admin_endpoint(const ChangeState& s) {
  return s.admin_reset || s.setup.config.tenant->change_endpoint == tenant::ChangeEndpoint::admin;
}

std::string_view endpoint_name(const ChangeState& s) {
  if (!s.through_tenant) return "none (local only)";
  return uses_admin_endpoint(s) ? "change-password" : "change-password-verify";
}

CodeFamily family(const ChangeState& s) {
  return s.through_tenant && uses_admin_endpoint(s) ? CodeFamily::admin : CodeFamily::verify;
}

void show_verdict(Host& host, const ChangeState& s, const policy::Verdict& verdict) {
  module::show_verdict(host, verdict, family(s), s.setup.language);
}

policy::UserData user_data(const ChangeState& s) {
  return {s.setup.user, s.real_name, s.mobile, s.email};
}

// A client for this pass (ChangeState::tenant): a new one has a fresh budget,
// one this pass made gets its budget restarted (the user typed since).
void open_client(const ChangeContext& cx, ChangeState& s) {
  if (s.tenant) {
    s.tenant->restart_budget();
    return;
  }
  s.tenant =
      cx.services.connect(*s.setup.config.tenant, cache_directory(cx.services, s.setup.config));
}

class Stopwatch {
 public:
  long long milliseconds() const {
    using namespace std::chrono;
    return duration_cast<std::chrono::milliseconds>(steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// The tenant could not be used (no verdict): which side the user is told failed.
Notice failure_notice(const Outcome& outcome) {
  return outcome.status == Status::unavailable ? Notice::tenant_unavailable
                                               : Notice::tenant_misconfigured;
}

// An outage, where password.on_tenant_unavailable allows it, leaves the
// change to the local stack alone.
bool falls_back_to_local(const ChangeState& s, const Outcome& outcome) {
  return outcome.status == Status::unavailable &&
         s.setup.config.password.on_tenant_unavailable == config::TenantDown::local_only;
}

// A tenant failure ends the preliminary pass: an outage may pass (try_again),
// a tenant that refuses this host's requests will not.
Result end_prelim(Host& host, const Outcome& outcome, Notice notice, Language language) {
  host.error(text(notice, language));
  return outcome.status == Status::unavailable ? Result::try_again : Result::authinfo_unavailable;
}

Result lookup_failed(const ChangeContext& cx, ChangeState& s, const Outcome& outcome) {
  Host& host = cx.services.host;
  const std::string user = printable(s.setup.user);
  if (outcome.rule == Rule::user_not_found) {
    host.log(Priority::info, "user " + user + " is not known to the tenant; left to the stack");
    return Result::ignore;
  }
  if (falls_back_to_local(s, outcome)) {
    host.log(Priority::warning, "tenant unavailable (" + outcome.detail + "): changing only the " +
                                    "local password of " + user +
                                    ", as password.on_tenant_unavailable says");
    host.info(text(Notice::local_only, s.setup.language));
    s.through_tenant = false;
    return Result::success;
  }
  host.log(Priority::error, "user lookup for " + user + " failed: " + outcome.detail);
  return end_prelim(
      host, outcome,
      outcome.caller_environment ? Notice::environment_refused : failure_notice(outcome),
      s.setup.language);
}

Retryable wrong_old_password(const ChangeContext& cx, const ChangeState& s,
                             std::string_view where) {
  cx.services.host.log(Priority::notice, "wrong current password for " + printable(s.setup.user) +
                                             " (" + std::string(where) + ")");
  show_verdict(cx.services.host, s, policy::Verdict{{{Rule::old_password_incorrect}}});
  return std::nullopt;
}

// The tenant's login says whether `old` is the current password, when the
// host's hash cannot vouch for it. Never instead of the change endpoint's own
// proof: change-password-verify still gets the old password.
Retryable prove_at_tenant(const ChangeContext& cx, ChangeState& s, std::string_view old,
                          LocalCheck local) {
  Host& host = cx.services.host;
  const Outcome outcome = ask_tenant(cx.services, s.setup, *s.tenant, old).outcome;
  if (outcome.ok()) {
    adopt_tenant_password(cx.services, s.setup, old, local, s.pwd_change_at);
    s.old_proven = true;
    return Result::success;
  }
  if (outcome.status == Status::rejected) {
    if (outcome.code == "LOGIN.0002") return wrong_old_password(cx, s, "tenant login");
    host.log(Priority::notice, "the tenant refused the current password of " +
                                   printable(s.setup.user) + ": " + outcome.code);
    host.error(tenant_message(outcome));
    return Result::recovery_error;
  }
  if (local == LocalCheck::matches) {
    host.log(Priority::warning, "cannot prove the current password of " + printable(s.setup.user) +
                                    " at the tenant (" + outcome.detail +
                                    "): the host's hash matches it");
    s.old_proven = true;
    return Result::success;
  }
  host.log(Priority::error, "cannot prove the current password of " + printable(s.setup.user) +
                                ": the tenant's login failed (" + outcome.detail +
                                ") and the host's hash does not match it");
  if (uses_admin_endpoint(s)) {  // no endpoint after this one proves it either
    host.error(text(Notice::old_password_unprovable, s.setup.language));
    return Result::recovery_error;
  }
  return end_prelim(host, outcome, failure_notice(outcome), s.setup.language);
}

Retryable prove_once(const ChangeContext& cx, ChangeState& s, std::string_view old) {
  Host& host = cx.services.host;
  if (auto verdict = policy::Policy::check_old_password(old); !verdict.accepted()) {
    show_verdict(host, s, verdict);
    return Result::recovery_error;
  }
  const LocalCheck local = cx.services.accounts.check_password(s.setup.user, old);
  // change-password-verify proves a matching password again, and refuses one the tenant's
  // password has moved away from (PWD.0014): a login would only send it once more.
  if (local == LocalCheck::matches &&
      (!uses_admin_endpoint(s) || hash_in_sync(cx.services, s.setup, s.pwd_change_at))) {
    s.old_proven = true;
    return Result::success;
  }
  // The tenant's endpoints carry it as JSON text: bytes that are not UTF-8
  // cannot be sent, nor be the tenant's password.
  if (const auto decoded = utf8::decode(old); !decoded.ok) {
    if (uses_admin_endpoint(s) && local == LocalCheck::matches) return Result::success;
    host.log(Priority::notice, "current password of " + printable(s.setup.user) +
                                   " is not valid UTF-8 text; not sent to the tenant");
    show_verdict(
        host, s,
        policy::Verdict{{{Rule::invalid_utf8, static_cast<unsigned>(decoded.error_at + 1)}}});
    return Result::recovery_error;
  }
  if (local != LocalCheck::matches && local != LocalCheck::differs && !uses_admin_endpoint(s)) {
    // No hash here to bring up to date, and change-password-verify proves the
    // password itself: a login would only count one more failure at the tenant.
    return Result::success;
  }
  return prove_at_tenant(cx, s, old, local);
}

// Why root, who asked for no old password, must give one: for the log.
std::string why_no_reset(const ChangeContext& cx, const ChangeState& s) {
  const std::string user = printable(s.setup.user);
  switch (s.reset_answer) {
    case AdminReset::service_not_listed:
      return "the PAM service \"" + printable(cx.services.host.service()) +
             "\" is not in password.admin_reset.services";
    case AdminReset::account_unknown:
      return user + " is not known to this host's name service";
    case AdminReset::account_not_managed:
      return user + " is outside users: in the configuration";
    case AdminReset::allowed:
    case AdminReset::not_root_on_purpose:
      break;
  }
  return "no reset was asked for";
}

void explain_no_reset(const ChangeContext& cx, const ChangeState& s) {
  cx.services.host.error(text(s.reset_answer == AdminReset::service_not_listed
                                  ? Notice::reset_service_not_listed
                                  : Notice::reset_account_not_managed,
                              s.setup.language));
}

// Root without the current password where no admin reset is allowed: nothing
// to prove, nothing sent anywhere.
Result refuse_reset(const ChangeContext& cx, const ChangeState& s) {
  cx.services.host.log(Priority::notice, "password change of " + printable(s.setup.user) +
                                             " refused: root gave no current password, and " +
                                             why_no_reset(cx, s));
  explain_no_reset(cx, s);
  return Result::permission_denied;
}

// The current password, proven; asked again within retry= when the tenant
// says it is wrong and this module asked for it.
Result prove_old_password(const ChangeContext& cx, ChangeState& s) {
  Host& host = cx.services.host;
  for (unsigned n = 1;; ++n) {
    const Token old = host.old_password(text(Notice::current_password_prompt, s.setup.language));
    if (reset_refused(s.reset_answer) && (!old.ok() || old.text.empty())) {
      return refuse_reset(cx, s);
    }
    if (!old.ok()) return Result::recovery_error;
    if (const Retryable proof = prove_once(cx, s, old.text)) return *proof;
    if (old.from_earlier_module || n >= cx.args.retry) return Result::recovery_error;
    host.forget_old_password();
  }
}

// Root, refused the admin reset, proves the current password as a user would.
Result prove_as_refused_root(const ChangeContext& cx, ChangeState& s) {
  cx.services.host.log(Priority::notice, "root's change of the password of " +
                                             printable(s.setup.user) +
                                             " is no admin reset: " + why_no_reset(cx, s) +
                                             "; the current password is needed, as from a user");
  const Result proven = prove_old_password(cx, s);
  if (proven == Result::recovery_error) explain_no_reset(cx, s);
  return proven;
}

Result prepare_change(const ChangeContext& cx, ChangeState& s) {
  Host& host = cx.services.host;
  s.setup = prepare(cx.services, cx.args);
  if (s.setup.stop) {
    if (*s.setup.stop == Result::service_error) {
      host.error(text(Notice::config_unusable, s.setup.language));
    }
    return *s.setup.stop;
  }
  const config::Config& config = s.setup.config;
  try {
    s.policy = std::make_unique<policy::Policy>(config.policy);
  } catch (const std::exception& e) {
    host.log(Priority::error, std::string("the password policy cannot be used: ") + e.what());
    host.error(text(Notice::config_unusable, s.setup.language));
    return Result::service_error;
  }
  std::optional<unsigned> uid;
  if (s.setup.local) uid = s.setup.local->uid;
  s.reset_answer = admin_reset(cx.caller, host.service(), {s.setup.user, uid}, config);
  s.admin_reset = s.reset_answer == AdminReset::allowed;
  if (s.setup.local) s.real_name = s.setup.local->real_name;
  // Policy only: pam_unix after this module proves the old password, as with pam_pwquality.
  if (!config.tenant) return Result::success;

  s.through_tenant = true;
  open_client(cx, s);
  auto found = s.tenant->find_user(s.setup.user);
  if (!found.outcome.ok()) return lookup_failed(cx, s, found.outcome);
  const tenant::UserRecord& record = *found.value;
  s.tenant_user_id = record.user_id;
  s.pwd_change_at = record.pwd_change_at;
  s.real_name = record.name;
  s.mobile = record.mobile;
  s.email = record.email;
  if (s.admin_reset) return Result::success;
  return reset_refused(s.reset_answer) ? prove_as_refused_root(cx, s) : prove_old_password(cx, s);
}

void remember(const ChangeContext& cx, const ChangeState& s, std::string_view password) {
  const auto& rule = s.setup.config.policy.history;
  if (rule.remember == 0) return;
  try {
    if (const auto deferred = policy::PasswordHistory(rule).record(s.setup.user, password)) {
      cx.services.host.log(Priority::warning, "password history delayed: " + *deferred);
    }
  } catch (const policy::HistoryError& e) {
    // The password has changed by now; the store only loses this entry.
    cx.services.host.log(Priority::error, std::string("password history not updated: ") + e.what());
  }
}

Outcome send(ChangeState& s, std::string_view old_password, std::string_view password) {
  if (s.admin_reset) {
    return s.tenant->reset_password(s.tenant_user_id, password, s.setup.config.tenant->must_modify);
  }
  if (uses_admin_endpoint(s)) {
    // The old password was proven against the local hash and the user chose
    // the new one: nothing should force another change.
    return s.tenant->reset_password(s.tenant_user_id, password, false);
  }
  return s.tenant->change_password(s.tenant_user_id, old_password, password);
}

// The local policy judged each new password before it was sent, unless an
// admin reset is told to skip it (password.enforce_for_root).
bool policy_enforced(const ChangeState& s) {
  return !s.admin_reset || s.setup.config.password.enforce_for_root;
}

Result confirmed_by_tenant(const ChangeContext& cx, ChangeState& s, std::string_view where) {
  cx.services.host.log(Priority::notice, "password of " + printable(s.setup.user) +
                                             " changed at the tenant" + std::string(where));
  s.tenant_changed = true;
  return Result::success;
}

// The message borrows its parameters ({0}~{1} of the length rule, ...) from
// the local policy's verdict on the same rule. A password the policy judged
// before sending was accepted, so it has none to lend (a check without the
// history finds no more than the one with it did): only a reset that skipped
// the policy has the policy judge it, once.
Retryable refused_by_tenant(const ChangeContext& cx, const ChangeState& s, const Outcome& outcome,
                            std::string_view password, std::string_view where) {
  Host& host = cx.services.host;
  host.log(Priority::notice, "tenant refused the new password of " + printable(s.setup.user) +
                                 ": " + outcome.code + std::string(where));
  const policy::Verdict local =
      policy_enforced(s) ? policy::Verdict{} : s.policy->check(password, user_data(s));
  show_rejection(host, outcome, local, s.setup.language);
  if (outcome.rule == Rule::old_password_incorrect) return Result::recovery_error;
  return std::nullopt;
}

// The request failed before it could have changed anything.
Result unchanged_at_tenant(const ChangeContext& cx, const ChangeState& s, const Outcome& outcome,
                           std::string_view where) {
  Host& host = cx.services.host;
  const std::string user = printable(s.setup.user);
  const Language lang = s.setup.language;
  host.log(Priority::error, "password change of " + user + " failed: " + outcome.detail +
                                std::string(where) + "; nothing changed");
  if (falls_back_to_local(s, outcome)) {
    host.log(Priority::warning, "changing only the local password of " + user +
                                    ", as password.on_tenant_unavailable says");
    host.info(text(Notice::local_only, lang));
    return Result::success;
  }
  host.error(text(failure_notice(outcome), lang));
  return Result::authtok_error;
}

// Has the tenant change the password; success when it confirmed, nothing
// when it refused the password (the user may try another).
Retryable change_at_tenant(const ChangeContext& cx, ChangeState& s, std::string_view old_password,
                           std::string_view password) {
  open_client(cx, s);
  const Stopwatch watch;
  const Outcome outcome = send(s, old_password, password);
  const std::string where =
      " (" + std::string(endpoint_name(s)) + ", " + std::to_string(watch.milliseconds()) + " ms)";
  if (outcome.ok()) return confirmed_by_tenant(cx, s, where);
  if (outcome.status == Status::rejected) return refused_by_tenant(cx, s, outcome, password, where);
  if (outcome.maybe_applied) return settle_lost_answer(cx, s, outcome, where);
  return unchanged_at_tenant(cx, s, outcome, where);
}

// Whether a new password may go on: success when it may, nothing when it was
// refused, service_error when the history store cannot be used.
Retryable judge_by_policy(const ChangeContext& cx, const ChangeState& s, std::string_view password,
                          std::string_view old_password) {
  Host& host = cx.services.host;
  policy::Verdict verdict;
  try {
    const policy::PasswordHistory history(s.setup.config.policy.history);
    // Similar to the current password only when that is proven: a wrong one
    // (chpasswd answers every prompt alike) must hear PWD.0014, not "too
    // similar". An admin reset has none.
    const std::string_view current = s.old_proven ? old_password : std::string_view();
    verdict = s.policy->check(password, user_data(s), policy::Previous{&history, current});
  } catch (const policy::HistoryError& e) {
    host.log(Priority::error, std::string("password history unusable: ") + e.what());
    host.error(text(Notice::config_unusable, s.setup.language));
    return Result::service_error;
  }
  if (verdict.accepted()) return Result::success;
  host.log(Priority::notice, "new password of " + printable(s.setup.user) +
                                 " refused by the local policy: " + rule_ids(verdict));
  show_verdict(host, s, verdict);
  return std::nullopt;
}

// The one place a new password's UTF-8 validity is decided: the policy's
// check when it runs (invalid_utf8), or here when a reset skips it. The
// tenant's endpoints carry passwords as JSON text, which cannot hold other
// bytes, so the password is refused before it reaches the client.
Retryable judge(const ChangeContext& cx, const ChangeState& s, std::string_view password,
                std::string_view old_password) {
  if (policy_enforced(s)) return judge_by_policy(cx, s, password, old_password);
  if (!s.through_tenant) return Result::success;
  const auto decoded = utf8::decode(password);
  if (decoded.ok) return Result::success;
  cx.services.host.log(Priority::notice, "new password of " + printable(s.setup.user) +
                                             " is not valid UTF-8 text; not sent to the tenant");
  show_verdict(
      cx.services.host, s,
      policy::Verdict{{{Rule::invalid_utf8, static_cast<unsigned>(decoded.error_at + 1)}}});
  return std::nullopt;
}

// One attempt at a new password: nothing when it was refused and the user
// may try again.
Retryable attempt(const ChangeContext& cx, ChangeState& s, std::string_view old_password) {
  Host& host = cx.services.host;
  const Token first = host.new_password();
  if (!first.ok()) return Result::authtok_error;
  if (const Retryable admitted = judge(cx, s, first.text, old_password);
      admitted != Result::success) {
    return admitted;
  }

  const Token confirmed = first.from_earlier_module ? first : host.confirm_new_password(first);
  if (confirmed.status == Token::Status::mismatch) return std::nullopt;
  if (!confirmed.ok()) return Result::authtok_error;

  if (!s.through_tenant) {
    host.log(Priority::notice,
             "new password of " + printable(s.setup.user) + " passed the policy (local only)");
  } else if (auto result = change_at_tenant(cx, s, old_password, confirmed.text);
             result != Result::success) {
    return result;
  } else {
    forget_sync(cx.services, s.setup);  // the tenant's password moved on
    if (const auto cache = StatusCache::open(cx.services, s.setup.config)) {
      cache->forget(s.setup.user);  // a reset may have set must-modify
    }
  }
  remember(cx, s, confirmed.text);
  return Result::success;
}

// For an account the module leaves alone (with ask_for_all): the new password,
// retyped but unchecked, for the module after it to write.
Result hand_on_unchecked(const ChangeContext& cx) {
  Host& host = cx.services.host;
  for (unsigned n = 1;; ++n) {
    const Token first = host.new_password();
    if (!first.ok()) return Result::authtok_error;
    if (first.from_earlier_module) return Result::ignore;
    const Token confirmed = host.confirm_new_password(first);
    if (confirmed.ok()) return Result::ignore;
    if (confirmed.status != Token::Status::mismatch || n >= cx.args.retry) {
      return Result::authtok_error;
    }
  }
}

Result update(const ChangeContext& cx, ChangeState& state) {
  // libpam always runs the preliminary pass first; an application that does
  // not gets it now.
  if (!state.prepared) prelim_check(cx, state);
  if (state.prelim == Result::ignore && cx.args.ask_for_all) return hand_on_unchecked(cx);
  if (state.prelim != Result::success) return state.prelim;

  Token old;
  if (state.through_tenant && !state.admin_reset) {
    old =
        cx.services.host.old_password(text(Notice::current_password_prompt, state.setup.language));
    if (!old.ok()) return Result::recovery_error;
  }
  for (unsigned n = 1;; ++n) {
    if (auto result = attempt(cx, state, old.text)) return *result;
    cx.services.host.forget_new_password();
    if (n >= cx.args.retry) return n > 1 ? Result::max_tries : Result::authtok_error;
  }
}

// Overwrites the bytes of `text` before letting them go.
void wipe(std::string& text) noexcept {
  explicit_bzero(text.data(), text.capacity());
  text.clear();
  text.shrink_to_fit();
}

// Keeps what update() reads first (whether the preliminary pass ran, and how
// it ended) and what pam_end reports on (the user, tenant_changed); the
// client goes (its destructor wipes the secret and the token), the personal
// data is wiped. Member by member: nothing here may allocate, or throw.
void release_all_but_outcome(ChangeState& s, bool prepared) noexcept {
  for (std::string* text :
       {&s.tenant_user_id, &s.pwd_change_at, &s.real_name, &s.mobile, &s.email}) {
    wipe(*text);
  }
  if (s.setup.local) wipe(s.setup.local->real_name);
  s.setup.local.reset();
  s.tenant.reset();
  s.policy.reset();
  s.setup.config.tenant.reset();
  s.through_tenant = false;
  s.admin_reset = false;
  s.old_proven = false;
  s.prepared = prepared;
}

// The client goes with the pass; the rest stays for the update, when it runs.
void release_after_prelim(ChangeState& s) noexcept {
  s.tenant.reset();
  if (s.prelim != Result::success) release_all_but_outcome(s, true);
}

// Runs a release when a pass returns or throws.
template <typename Release>
class AtExit {
 public:
  explicit AtExit(Release release) : release_(release) {}
  ~AtExit() { release_(); }
  AtExit(const AtExit&) = delete;
  AtExit& operator=(const AtExit&) = delete;

 private:
  Release release_;
};

}  // namespace

Result prelim_check(const ChangeContext& cx, ChangeState& state) {
  const AtExit release([&state] { release_after_prelim(state); });
  state = ChangeState{};
  state.prepared = true;
  state.prelim = Result::service_error;  // what an exception leaves: no update on this state
  state.prelim = prepare_change(cx, state);
  return state.prelim;
}

Result update_authtok(const ChangeContext& cx, ChangeState& state) {
  // Nothing stays for another update: one without a preliminary pass prepares anew.
  const AtExit release([&state] { release_all_but_outcome(state, false); });
  const Result result = update(cx, state);
  // The tenant's change-password-verify found the old password wrong.
  if (result == Result::recovery_error && state.prelim == Result::success &&
      reset_refused(state.reset_answer)) {
    explain_no_reset(cx, state);
  }
  // A refused or failed change leaves no new password behind for the modules
  // after this one (pam_unix; a keyring module after a substack, whose
  // failure does not stop the parent stack).
  if (result != Result::success && result != Result::ignore) {
    cx.services.host.forget_new_password();
  }
  return result;
}

}  // namespace pam_idaas::module
