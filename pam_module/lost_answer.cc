#include "pam_module/lost_answer.h"

#include <array>
#include <optional>
#include <string>

#include "pam_module/notices.h"
#include "pam_module/printable.h"

namespace pam_idaas::module {
namespace {

enum class Landed { yes, no, unknown };

// One cell of landed state × may-still-apply: the end of the log line after
// the evidence, the notice for the user, the result.
struct LostAnswerCase {
  Landed landed;
  bool may_still_apply;
  std::string_view log_ending;
  std::optional<Notice> notice;
  Result result;
};

constexpr std::string_view kKeptOld =
    ": the tenant and this host keep the old password (should the request still arrive, the "
    "tenant would hold the new one)";
// Not made yet is not "not made": the tenant may still act on a request it got.
constexpr std::string_view kStillArriving =
    ", but the request timed out: this host keeps the old password; should the request still "
    "arrive, the tenant would hold the new one";
constexpr std::string_view kEither =
    ": this host keeps the old password, the tenant may hold either; check the user at the "
    "tenant";

constexpr std::array kLostAnswerCases = {
    LostAnswerCase{Landed::yes, false, "", std::nullopt, Result::success},
    LostAnswerCase{Landed::yes, true, "", std::nullopt, Result::success},
    LostAnswerCase{Landed::no, false, kKeptOld, Notice::not_applied, Result::authtok_error},
    LostAnswerCase{Landed::no, true, kStillArriving, Notice::maybe_applied, Result::authtok_error},
    LostAnswerCase{Landed::unknown, false, kEither, Notice::maybe_applied, Result::authtok_error},
    LostAnswerCase{Landed::unknown, true, kEither, Notice::maybe_applied, Result::authtok_error},
};

const LostAnswerCase& case_of(Landed landed, bool may_still_apply) {
  for (const LostAnswerCase& c : kLostAnswerCases) {
    if (c.landed == landed && c.may_still_apply == may_still_apply) return c;
  }
  return kLostAnswerCases.back();  // unreachable: the table covers every pair
}

// Whether a pwd_change_at tells changes within one second apart: ISO-8601 with
// a fraction ("...:04.446Z") or epoch milliseconds (13 digits and more). Whole
// seconds ("2026-11-23 13:52:04", epoch seconds) may stay equal across a change.
bool counts_below_a_second(std::string_view stamp) {
  const auto dot = stamp.find('.');
  if (dot != std::string_view::npos) {
    return dot + 1 < stamp.size() && stamp[dot + 1] >= '0' && stamp[dot + 1] <= '9';
  }
  const bool digits_only =
      !stamp.empty() && stamp.find_first_not_of("0123456789") == std::string_view::npos;
  return digits_only && stamp.size() >= 13;
}

// The tenant's pwd_change_at, before and after, says whether the change landed
// (a change by someone else in between reads as ours: the user then learns the
// new password works there).
Landed resolve(const ChangeContext& cx, ChangeState& s, std::string& evidence) {
  if (s.pwd_change_at.empty()) {
    evidence = "the tenant does not report pwd_change_at";
    return Landed::unknown;
  }
  s.tenant->restart_budget();
  const auto found = s.tenant->find_user(s.setup.user);
  if (!found.outcome.ok()) {
    evidence = "the lookup to check failed: " + found.outcome.detail;
    return Landed::unknown;
  }
  const tenant::UserRecord& now = *found.value;
  if (now.user_id != s.tenant_user_id || now.pwd_change_at.empty()) {
    evidence = "the tenant's record changed shape";
    return Landed::unknown;
  }
  if (now.pwd_change_at == s.pwd_change_at) {
    evidence = "pwd_change_at is still " + printable(s.pwd_change_at);
    if (counts_below_a_second(now.pwd_change_at)) return Landed::no;
    // A change in the same second as the one before would not show.
    evidence += ", which counts whole seconds";
    return Landed::unknown;
  }
  evidence = "pwd_change_at moved from " + printable(s.pwd_change_at) + " to " +
             printable(now.pwd_change_at);
  cx.services.host.log(Priority::debug, "resolved a lost change answer: " + evidence);
  return Landed::yes;
}

}  // namespace

Result settle_lost_answer(const ChangeContext& cx, ChangeState& state,
                          const tenant::Outcome& outcome, std::string_view where) {
  Host& host = cx.services.host;
  const std::string user = printable(state.setup.user);
  std::string evidence;
  const LostAnswerCase& c = case_of(resolve(cx, state, evidence), outcome.may_still_apply);
  if (c.result == Result::success) {
    host.log(Priority::notice, "password of " + user + " changed at the tenant" +
                                   std::string(where) + ": the answer was lost (" + outcome.detail +
                                   ") but " + evidence);
    state.tenant_changed = true;
    return c.result;
  }
  host.log(Priority::error, "password change of " + user + " failed: " + outcome.detail +
                                std::string(where) + "; " + evidence + std::string(c.log_ending));
  if (c.notice) host.error(text(*c.notice, state.setup.language));
  return c.result;
}

}  // namespace pam_idaas::module
