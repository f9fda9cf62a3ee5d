// pam_sm_chauthtok's flow without libpam: which endpoint each caller reaches
// (the central invariant), the old-password proof, the policy with retries,
// and what happens when the tenant refuses or cannot be reached.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "base/cache_directory.h"
#include "flow_fakes.h"
#include "pam_module/change.h"
#include "pam_module/notices.h"

#include "cmocka_cpp.h"  // last: its macros clash with the C++ library

namespace {

using namespace flow_fakes;

constexpr const char* kGood = "Quiet-River-58";
constexpr const char* kOther = "Amber-Falcon-77";
constexpr const char* kWeak = "password1";

struct World : ChangeWorld {
  using ChangeWorld::ChangeWorld;

  bool contains_error(std::string_view text) const {
    return host.all_errors().find(text) != std::string::npos;
  }
};

// ---- the central invariant ---------------------------------------------------

// The decision itself is tested from every angle in test_caller; here, what each answer does.
void only_root_outside_a_forced_change_skips_the_old_password(void**) {
  const Caller callers[] = {{true, false}, {true, true}, {false, false}, {false, true}};
  for (const Caller caller : callers) {
    World w;
    w.caller = caller;
    const bool reset = caller.real_root && !caller.expired_change;
    if (!reset) w.type({kAliceOld});
    w.type({kGood, kGood});
    assert_int_equal(w.run(), Result::success);
    assert_int_equal(w.tenant.count("change-password"), reset ? 1 : 0);
    assert_int_equal(w.tenant.count("change-password-verify"), reset ? 0 : 1);
    assert_int_equal(w.host.prompts.front() == "old", !reset);
  }
}

void root_resets_through_the_admin_endpoint_without_the_old_password(void**) {
  World w;
  w.caller = {true, false};
  w.type({kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_int_equal(w.tenant.calls.size(), 1);
  assert_str_eq(w.tenant.calls[0].endpoint, "change-password");
  assert_str_eq(w.tenant.calls[0].user_id, "id-alice");
  assert_str_eq(w.tenant.calls[0].new_password, kGood);
  assert_true(w.tenant.calls[0].must_modify);  // the seed's default
  const std::vector<std::string> asked{"new", "retype"};
  assert_true(w.host.prompts == asked);
}

void root_reset_sends_must_modify_from_the_config(void**) {
  World w(std::string(kChangeConfig) + "  must_modify: false\n");
  w.caller = {true, false};
  w.type({kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_int_equal(w.tenant.calls.size(), 1);
  assert_false(w.tenant.calls[0].must_modify);
}

// Every caller but root-on-purpose presents the old password and reaches only
// change-password-verify.
void every_other_caller_proves_the_old_password(void**) {
  const Caller callers[] = {{false, false}, {false, true}, {true, true}};
  for (const Caller caller : callers) {
    World w;
    w.caller = caller;
    w.type({kAliceOld, kGood, kGood});
    assert_int_equal(w.run(), Result::success);
    const std::vector<std::string> asked{"old", "new", "retype"};
    assert_true(w.host.prompts == asked);
    assert_int_equal(w.tenant.count("change-password"), 0);
    assert_int_equal(w.tenant.count("change-password-verify"), 1);
    assert_str_eq(w.tenant.calls[0].old_password, kAliceOld);
    assert_str_eq(w.tenant.calls[0].new_password, kGood);
  }
}

void old_password_from_an_earlier_module_is_used_not_skipped(void**) {
  World w;
  w.caller = {true, true};  // sshd forced change
  w.host.old_item = "wrong-old";
  w.type({kGood, kGood});
  assert_int_equal(w.run(), Result::recovery_error);
  assert_int_equal(w.tenant.count("change-password"), 0);
  assert_int_equal(w.tenant.count("change-password-verify"), 1);
  assert_str_eq(w.tenant.calls[0].old_password, "wrong-old");
  assert_true(w.contains_error("PWD.0014"));
}

// ---- the reach of root's reset (issue 18, item 4) -----------------------------

bool logged(const World& w, std::string_view text) {
  for (const auto& line : w.host.logs) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string_view notice(Notice n) { return text(n, pam_idaas::policy::Language::en); }

// Root who cannot give the old password: a refusal that says why, in the log
// too; nothing sent to the tenant, no login, no host write, no new password
// handed on to pam_unix.
void assert_refused_without_a_trace(World& w, Notice why, std::string_view logged_reason) {
  assert_int_equal(w.run(), Result::permission_denied);
  assert_true(w.contains_error(notice(why)));
  assert_true(logged(w, "password change of alice refused: root gave no current password"));
  assert_true(logged(w, logged_reason));
  assert_true(w.tenant.calls.empty());
  assert_true(w.tenant.logins.empty());
  assert_true(w.accounts.writes.empty());
  assert_false(w.host.new_item.has_value());
  assert_str_eq(w.tenant.users["alice"].password, kAliceOld);
}

// Samba's password change, Usermin, chpasswd: root calling pam_chauthtok
// through a service that is not passwd proves the old password like a user.
void root_through_an_unlisted_service_proves_the_old_password(void**) {
  World w;
  w.caller = {true, false};
  w.host.service_name = "samba";
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  const std::vector<std::string> asked{"old", "new", "retype"};
  assert_true(w.host.prompts == asked);
  assert_int_equal(w.tenant.count("change-password"), 0);
  assert_int_equal(w.tenant.count("change-password-verify"), 1);
  assert_str_eq(w.tenant.calls[0].old_password, kAliceOld);
  assert_true(logged(w,
                     "is no admin reset: the PAM service \"samba\" is not in "
                     "password.admin_reset.services"));
}

void root_through_an_unlisted_service_without_the_old_password_is_refused(void**) {
  {
    World w;  // the conversation gives nothing
    w.caller = {true, false};
    w.host.service_name = "samba";
    assert_refused_without_a_trace(w, Notice::reset_service_not_listed,
                                   "the PAM service \"samba\" is not in");
  }
  {
    World w;  // an empty answer
    w.caller = {true, false};
    w.host.service_name = "samba";
    w.type({"", kGood, kGood});
    assert_refused_without_a_trace(w, Notice::reset_service_not_listed,
                                   "the PAM service \"samba\" is not in");
    assert_false(w.contains_error("PWD.0011"));
  }
}

// chpasswd's conversation answers every prompt with the new password.
void root_through_an_unlisted_service_with_a_wrong_old_password_learns_why(void**) {
  for (const bool host_hash : {true, false}) {
    World w;  // with a hash, the preliminary pass finds it wrong; without, the tenant's verify
    if (host_hash) w.accounts.shadow["alice"] = kAliceOld;
    w.caller = {true, false};
    w.host.service_name = "chpasswd";
    w.type({kGood, kGood, kGood});
    assert_int_equal(w.run(), Result::recovery_error);
    assert_true(w.contains_error("PWD.0014"));
    assert_true(w.contains_error(notice(Notice::reset_service_not_listed)));
    assert_int_equal(w.tenant.count("change-password"), 0);
    assert_int_equal(w.tenant.count("change-password-verify"), host_hash ? 0 : 1);
    assert_str_eq(w.tenant.users["alice"].password, kAliceOld);
    assert_true(w.accounts.writes.empty());
  }
}

// preparation.cc lets a name the host does not know through to the tenant
// (it may be the tenant's); root may not reset it from here.
void root_for_an_account_the_host_does_not_know_proves_the_old_password(void**) {
  {
    World w;
    w.caller = {true, false};
    w.accounts.users.clear();  // not found, or the lookup failed
    w.type({kAliceOld, kGood, kGood});
    assert_int_equal(w.run(), Result::success);
    assert_int_equal(w.tenant.count("change-password"), 0);
    assert_int_equal(w.tenant.count("change-password-verify"), 1);
    assert_true(logged(w, "alice is not known to this host's name service"));
  }
  {
    World w;
    w.caller = {true, false};
    w.accounts.users.clear();
    assert_refused_without_a_trace(w, Notice::reset_account_not_managed,
                                   "alice is not known to this host's name service");
  }
}

// Widening names services only; an empty list turns the reset off.
void the_admin_lists_the_services_that_reset(void**) {
  const std::string wide =
      std::string(kChangeConfig) + "password:\n  admin_reset:\n    services: [passwd, samba]\n";
  {
    World w(wide);
    w.caller = {true, false};
    w.host.service_name = "samba";
    w.type({kGood, kGood});
    assert_int_equal(w.run(), Result::success);
    assert_int_equal(w.tenant.count("change-password"), 1);
    assert_true(w.tenant.calls[0].must_modify);
  }
  {
    World w(wide);
    w.caller = {true, false};
    w.host.service_name = "samba";
    w.accounts.users.clear();
    assert_refused_without_a_trace(w, Notice::reset_account_not_managed,
                                   "alice is not known to this host's name service");
  }
  {
    World w(std::string(kChangeConfig) + "password:\n  admin_reset:\n    services: []\n");
    w.caller = {true, false};
    assert_refused_without_a_trace(w, Notice::reset_service_not_listed,
                                   "the PAM service \"passwd\" is not in");
  }
}

// A refused reset is a user's change: the policy applies whatever
// enforce_for_root says, and the forced-change callers see nothing new.
void a_refused_reset_is_checked_like_a_users_change(void**) {
  World w(std::string(kChangeConfig) + "password:\n  enforce_for_root: false\n");
  w.caller = {true, false};
  w.host.service_name = "samba";
  w.type({kAliceOld, kWeak});
  assert_int_equal(w.run(), Result::authtok_error);
  assert_true(w.contains_error("PWD.0006"));
  assert_true(w.tenant.calls.empty());

  World forced;
  forced.caller = {true, true};
  forced.host.service_name = "sshd";
  assert_int_equal(forced.run(), Result::recovery_error);
  assert_false(forced.contains_error(notice(Notice::reset_service_not_listed)));
  assert_false(logged(forced, "admin reset"));
}

// ---- the old password --------------------------------------------------------

void wrong_old_password_stops_before_any_change(void**) {
  World w;
  w.accounts.shadow["alice"] = kAliceOld;
  w.type({"not-the-password", kGood, kGood});
  assert_int_equal(w.run(), Result::recovery_error);
  assert_true(w.tenant.calls.empty());
  assert_true(w.contains_error("PWD.0014"));
  const std::vector<std::string> asked{"old"};
  assert_true(w.host.prompts == asked);
  // The host's hash differed: only the tenant's login could say the tenant's password moved.
  assert_true(w.tenant.logins == std::vector<std::string>{"alice:not-the-password"});
  assert_true(w.accounts.writes.empty());
}

void wrong_old_password_at_the_tenant_ends_without_retry(void**) {
  World w;
  w.args.retry = 3;
  w.type({"not-the-password", kGood, kGood, kGood, kGood});
  assert_int_equal(w.run(), Result::recovery_error);
  assert_int_equal(w.tenant.calls.size(), 1);
  assert_true(w.contains_error("PWD.0014"));
  assert_str_eq(w.tenant.users["alice"].password, kAliceOld);
  assert_false(w.host.new_item.has_value());
}

void empty_old_password_is_refused_with_its_code(void**) {
  World w;
  w.type({"", kGood, kGood});
  assert_int_equal(w.run(), Result::recovery_error);
  assert_true(w.contains_error("PWD.0011"));
  assert_true(w.tenant.calls.empty());
}

void admin_flavour_proves_the_old_password_locally(void**) {
  const std::string yaml = std::string(kChangeConfig) + "  change_endpoint: admin\n";
  {
    World w(yaml);
    w.accounts.shadow["alice"] = kAliceOld;
    w.type({kAliceOld, kGood, kGood});
    assert_int_equal(w.run(), Result::success);
    assert_int_equal(w.tenant.calls.size(), 1);
    assert_str_eq(w.tenant.calls[0].endpoint, "change-password");
    assert_false(w.tenant.calls[0].must_modify);  // the user chose it
  }
  {
    World w(yaml);
    w.accounts.shadow["alice"] = kAliceOld;
    w.type({"not-the-password", kGood, kGood});
    assert_int_equal(w.run(), Result::recovery_error);
    assert_true(w.tenant.calls.empty());
  }
  for (const bool readable : {true, false}) {  // no hash, or a shadow file it cannot read
    World w(yaml);
    w.accounts.shadow_readable = readable;
    w.type({kAliceOld, kGood, kGood});
    assert_int_equal(w.run(), Result::success);  // the tenant's login proved it
    assert_int_equal(w.tenant.logins.size(), 1);
    assert_int_equal(w.tenant.count("change-password"), 1);

    World down(yaml);  // and without the login, nothing does
    down.accounts.shadow_readable = readable;
    down.tenant.login_answers.push_back(
        MemoryTenant::failure(pam_idaas::tenant::Status::unavailable));
    down.type({kAliceOld, kGood, kGood});
    assert_int_equal(down.run(), Result::recovery_error);
    assert_true(down.tenant.calls.empty());
    assert_true(down.contains_error(
        text(Notice::old_password_unprovable, pam_idaas::policy::Language::en)));
  }
}

// Issue 18, item 5: with change_endpoint admin the name is the only link. The tenant's alice
// holds another person's password; the host's alice knows only her host password.
void admin_flavour_links_host_and_tenant_by_name_alone(void**) {
  const std::string yaml = std::string(kChangeConfig) + "  change_endpoint: admin\n";
  constexpr const char* kHostOnly = "Host#Only-Pass1";
  {
    World w(yaml);  // the tenant's login answers: her host password is not the tenant's
    w.accounts.shadow["alice"] = kHostOnly;
    w.type({kHostOnly, kGood, kGood});
    assert_int_equal(w.run(), Result::recovery_error);
    assert_true(w.contains_error("PWD.0014"));
    assert_true(w.tenant.calls.empty());
    assert_str_eq(w.tenant.users["alice"].password, kAliceOld);
  }
  {
    World w(yaml);  // it cannot answer: the matching host hash alone sets the tenant's password
    w.accounts.shadow["alice"] = kHostOnly;
    w.tenant.login_answers.push_back(MemoryTenant::failure(pam_idaas::tenant::Status::unavailable));
    w.type({kHostOnly, kGood, kGood});
    assert_int_equal(w.run(), Result::success);
    assert_int_equal(w.tenant.count("change-password"), 1);
    assert_str_eq(w.tenant.users["alice"].password, kGood);
  }
}

// ---- a host hash the tenant moved away from (design f) ------------------------

constexpr const char* kStale = "Stale#Host-Hash9";  // the host's hash; the tenant holds kAliceOld

void a_stale_hash_is_made_current_then_the_change_proceeds(void**) {
  World w;
  w.may_write_shadow = true;  // passwd runs with effective uid 0
  w.accounts.shadow["alice"] = kStale;
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_true(w.tenant.logins == std::vector<std::string>{std::string("alice:") + kAliceOld});
  assert_true(w.accounts.writes == std::vector<std::string>{"alice"});
  assert_str_eq(w.accounts.shadow["alice"], kAliceOld);  // pam_unix after it can prove it now
  assert_false(w.host.infos.empty());
  // The login never replaces the change endpoint's own proof.
  assert_int_equal(w.tenant.count("change-password-verify"), 1);
  assert_str_eq(w.tenant.calls[0].old_password, kAliceOld);
}

void a_stale_hash_and_a_wrong_password_is_pwd_0014_asked_again_within_retry(void**) {
  World w;
  w.may_write_shadow = true;
  w.args.retry = 2;
  w.accounts.shadow["alice"] = kStale;
  w.type({"not-the-password", kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_true(w.contains_error("PWD.0014"));
  const std::vector<std::string> asked{"old", "old", "new", "retype"};
  assert_true(w.host.prompts == asked);
  assert_int_equal(w.tenant.logins.size(), 2);

  World once;  // the host's old password, no longer the tenant's: the verify endpoint says so
  once.accounts.shadow["alice"] = kStale;
  once.type({kStale, kGood, kGood});
  assert_int_equal(once.run(), Result::recovery_error);
  assert_true(once.contains_error("PWD.0014"));
  assert_true(once.tenant.logins.empty());
  assert_int_equal(once.tenant.count("change-password-verify"), 1);
  assert_int_equal(once.tenant.changes_applied, 0);
  assert_true(once.accounts.writes.empty());
}

void a_record_in_sync_spares_the_login_and_a_stale_one_does_not(void**) {
  World w;
  w.keeps_records = true;
  w.accounts.shadow["alice"] = kAliceOld;
  w.records.by_user["alice"] = {w.tenant.users["alice"].record.pwd_change_at,
                                "fp:" + std::string(kAliceOld)};
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_true(w.tenant.logins.empty());
  assert_int_equal(w.tenant.count("change-password-verify"), 1);
  assert_true(w.records.by_user.empty());  // the change moved the tenant's password on

  // A stale record with a matching hash: change-password-verify proves the password
  // itself, so no login; the admin endpoint proves nothing, so the login does.
  for (const bool admin : {false, true}) {
    World stale(admin ? std::string(kChangeConfig) + "  change_endpoint: admin\n"
                      : std::string(kChangeConfig));
    stale.keeps_records = true;
    stale.accounts.shadow["alice"] = kAliceOld;
    stale.records.by_user["alice"] = {"2026-01-01T00:00:00.000Z", "fp:" + std::string(kAliceOld)};
    stale.type({kAliceOld, kGood, kGood});
    assert_int_equal(stale.run(), Result::success);
    assert_int_equal(stale.tenant.logins.size(), admin ? 1 : 0);
    assert_int_equal(stale.tenant.count(admin ? "change-password" : "change-password-verify"), 1);
  }
}

void a_login_that_fails_needs_a_matching_hash(void**) {
  World matches;  // the verify endpoint proves it again
  matches.accounts.shadow["alice"] = kAliceOld;
  matches.tenant.login_answers.push_back(
      MemoryTenant::failure(pam_idaas::tenant::Status::unavailable));
  matches.type({kAliceOld, kGood, kGood});
  assert_int_equal(matches.run(), Result::success);
  assert_int_equal(matches.tenant.count("change-password-verify"), 1);

  World differs;
  differs.accounts.shadow["alice"] = kStale;
  differs.tenant.login_answers.push_back(
      MemoryTenant::failure(pam_idaas::tenant::Status::unavailable));
  differs.type({kAliceOld, kGood, kGood});
  assert_int_equal(differs.run(), Result::try_again);
  assert_true(differs.tenant.calls.empty());
  assert_true(
      differs.contains_error(text(Notice::tenant_unavailable, pam_idaas::policy::Language::en)));
}

void root_reset_never_logs_in_nor_writes_the_host(void**) {
  World w;
  w.caller = {true, false};
  w.may_write_shadow = true;
  w.accounts.shadow["alice"] = kStale;
  w.type({kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_true(w.tenant.logins.empty());
  assert_true(w.accounts.writes.empty());
  assert_int_equal(w.tenant.count("change-password"), 1);
}

void a_forced_change_with_a_stale_hash_never_reaches_the_admin_endpoint(void**) {
  World w;
  w.caller = {true, true};  // sshd, login: root, but the user must prove the password
  w.may_write_shadow = true;
  w.accounts.shadow["alice"] = kStale;
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_int_equal(w.tenant.logins.size(), 1);
  assert_int_equal(w.tenant.count("change-password"), 0);
  assert_int_equal(w.tenant.count("change-password-verify"), 1);
}

// ---- the policy, retries and the retype --------------------------------------

void local_rejection_shows_every_violation_then_accepts_within_retry(void**) {
  World w;
  w.args.retry = 2;
  w.type({kAliceOld, kWeak, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_true(w.contains_error("PWD.0005"));   // complexity
  assert_true(w.contains_error("PWD.0006"));   // weak
  assert_int_equal(w.tenant.calls.size(), 1);  // the rejected one never left the host
  assert_str_eq(w.tenant.calls[0].new_password, kGood);
  const std::vector<std::string> asked{"old", "new", "new", "retype"};
  assert_true(w.host.prompts == asked);
}

void rejection_on_every_attempt_fails(void**) {
  {
    World w;
    w.type({kAliceOld, kWeak});
    assert_int_equal(w.run(), Result::authtok_error);
    assert_true(w.tenant.calls.empty());
    assert_false(w.host.new_item.has_value());  // nothing for pam_unix to write
  }
  {
    World w;
    w.args.retry = 2;
    w.type({kAliceOld, kWeak, "alice"});
    assert_int_equal(w.run(), Result::max_tries);
    assert_true(w.contains_error("PWD.0003"));  // equals the user name
    assert_true(w.tenant.calls.empty());
  }
}

void retype_mismatch_asks_again_within_retry(void**) {
  World w;
  w.args.retry = 2;
  w.type({kAliceOld, kGood, kOther, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_int_equal(w.tenant.calls.size(), 1);
  assert_str_eq(w.tenant.calls[0].new_password, kGood);
}

void personal_data_comes_from_the_tenant_record(void**) {
  World w;
  w.type({kAliceOld, "13800138000xY!"});
  assert_int_equal(w.run(), Result::authtok_error);
  assert_true(w.contains_error("PWD.0009"));
}

void root_reset_shows_the_admin_code_family(void**) {
  World w;
  w.caller = {true, false};
  w.type({kWeak});
  assert_int_equal(w.run(), Result::authtok_error);
  assert_true(w.contains_error("IDAAS.TENANT.PWD.0005"));
  assert_true(w.tenant.calls.empty());
}

void root_reset_skips_the_policy_when_told(void**) {
  const std::string yaml = std::string(kChangeConfig) + "password:\n  enforce_for_root: false\n";
  World w(yaml);
  w.caller = {true, false};
  w.type({kWeak, kWeak});
  assert_int_equal(w.run(), Result::success);
  assert_int_equal(w.tenant.calls.size(), 1);
  // ...but a user's own change never does.
  World u(yaml);
  u.type({kAliceOld, kWeak});
  assert_int_equal(u.run(), Result::authtok_error);
  assert_true(u.tenant.calls.empty());
}

void history_is_recorded_and_enforced(void**) {
  World w;
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  World again;
  again.args.config_path = w.args.config_path;  // the same history file
  again.tenant.users["alice"].password = kGood;
  again.type({kGood, kGood});
  assert_int_equal(again.run(), Result::authtok_error);
  assert_true(again.contains_error("PWD.0007"));
  assert_true(again.tenant.calls.empty());
}

// Issue 19: the current password the user proved is the one the new one must
// differ from; root's reset proves none, so nothing is compared, and one that
// only change-password-verify will prove is not compared either.
void a_new_password_close_to_the_proven_current_one_is_refused(void**) {
  constexpr const char* kClose = "LanTern-4821";  // kAliceOld: case and one symbol changed
  World w;
  w.accounts.shadow["alice"] = kAliceOld;  // the host's hash proves it
  w.args.retry = 2;
  w.type({kAliceOld, kClose, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_true(w.contains_error("PWD.0007: "));
  assert_true(w.contains_error("too similar to the current password"));
  assert_int_equal(w.tenant.calls.size(), 1);
  assert_str_eq(w.tenant.calls[0].new_password, kGood);

  World root;
  root.caller = {true, false};
  root.type({kClose, kClose});
  assert_int_equal(root.run(), Result::success);
  assert_str_eq(root.tenant.calls.at(0).new_password, kClose);

  World unproven;  // no hash here: the tenant's verify is the proof
  unproven.type({kAliceOld, kClose, kClose});
  assert_int_equal(unproven.run(), Result::success);
  assert_str_eq(unproven.tenant.calls.at(0).new_password, kClose);
}

// ---- the tenant refuses or fails -------------------------------------------

void tenant_rejection_reads_like_the_catalogue_and_allows_a_retry(void**) {
  World w;
  w.args.retry = 2;
  w.tenant.change_answers.push_back(
      MemoryTenant::rejected(pam_idaas::policy::Rule::history, "PWD.0007"));
  w.type({kAliceOld, kOther, kOther, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_true(w.contains_error("PWD.0007: "));
  assert_true(w.contains_error(pam_idaas::policy::template_for(pam_idaas::policy::Rule::history,
                                                               pam_idaas::policy::Language::en)));
  assert_int_equal(w.tenant.calls.size(), 2);
  assert_str_eq(w.tenant.users["alice"].password, kGood);
}

// A password the local policy accepted has no parameters to lend a refusal
// whose message needs some: the tenant's own words are shown.
void a_refusal_of_a_password_the_policy_accepted_shows_the_tenants_words(void**) {
  World w;
  w.tenant.change_answers.push_back(
      MemoryTenant::rejected(pam_idaas::policy::Rule::length, "PWD.0002"));
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::authtok_error);
  assert_true(w.host.errors == std::vector<std::string>{
                                   "PWD.0002: The identity service refused the password: refused"});
}

// A reset that skipped the policy has it judge the refused password: the
// message then carries the local rule's parameters.
void a_refusal_after_a_reset_without_the_policy_borrows_its_parameters(void**) {
  World w(std::string(kChangeConfig) + "password:\n  enforce_for_root: false\n");
  w.caller = {true, false};
  w.tenant.change_answers.push_back(
      MemoryTenant::rejected(pam_idaas::policy::Rule::length, "IDAAS.TENANT.PWD.0007"));
  w.type({"Ab1!", "Ab1!"});
  assert_int_equal(w.run(), Result::authtok_error);
  assert_true(
      w.host.errors ==
      std::vector<std::string>{"IDAAS.TENANT.PWD.0007: Password length must be 8~64 characters"});
}

void tenant_code_outside_the_catalogue_shows_its_message(void**) {
  World w;
  pam_idaas::tenant::Outcome odd;
  odd.status = pam_idaas::tenant::Status::rejected;
  odd.code = "PWD.0010";
  odd.detail = "password \x1b[31mchanged too recently";
  w.tenant.change_answers.push_back(odd);
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::authtok_error);
  assert_true(w.contains_error("PWD.0010: "));
  assert_true(w.contains_error("changed too recently"));
  assert_false(w.contains_error("\x1b"));  // no terminal escapes from the tenant
}

void tenant_down_at_lookup_changes_nothing(void**) {
  World w;
  w.tenant.lookup_failure = MemoryTenant::failure(pam_idaas::tenant::Status::unavailable);
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::try_again);
  assert_true(w.host.prompts.empty());
  assert_true(w.contains_error(text(Notice::tenant_unavailable, pam_idaas::policy::Language::en)));
  World m;
  m.tenant.lookup_failure = MemoryTenant::failure(pam_idaas::tenant::Status::misconfigured);
  assert_int_equal(m.run(), Result::authinfo_unavailable);
  assert_true(
      m.contains_error(text(Notice::tenant_misconfigured, pam_idaas::policy::Language::en)));
}

// SSLKEYLOGFILE in a setuid caller's environment: the caller is told, not sent to the admin.
void caller_environment_is_named_to_the_caller(void**) {
  World w;
  w.tenant.lookup_failure = MemoryTenant::failure(pam_idaas::tenant::Status::misconfigured);
  w.tenant.lookup_failure->caller_environment = true;
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::authinfo_unavailable);
  assert_true(w.host.prompts.empty());
  assert_true(w.contains_error(text(Notice::environment_refused, pam_idaas::policy::Language::en)));
  assert_false(
      w.contains_error(text(Notice::tenant_misconfigured, pam_idaas::policy::Language::en)));
}

void tenant_down_at_change_changes_nothing(void**) {
  World w;
  w.tenant.change_answers.push_back(MemoryTenant::failure(pam_idaas::tenant::Status::unavailable));
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::authtok_error);
  assert_true(w.contains_error(text(Notice::tenant_unavailable, pam_idaas::policy::Language::en)));
  assert_str_eq(w.tenant.users["alice"].password, kAliceOld);
  assert_false(w.host.new_item.has_value());  // nothing left for a later module to write
}

// ---- a change whose answer was lost -------------------------------------------

void lose_the_answer(World& w) {
  w.tenant.change_answers.push_back(
      MemoryTenant::failure(pam_idaas::tenant::Status::unavailable, true));
  w.type({kAliceOld, kGood, kGood});
}

void lost_answer_of_an_applied_change_is_success(void**) {
  World w;
  lose_the_answer(w);
  w.tenant.apply_before_failing = true;
  assert_int_equal(w.run(), Result::success);
  assert_int_equal(w.tenant.lookups, 2);  // the first lookup, then the one that checks
  assert_str_eq(w.tenant.users["alice"].password, kGood);
  assert_true(w.host.errors.empty());
  assert_true(w.host.new_item == kGood);  // pam_unix writes the same password here
  assert_true(logged(w, "the answer was lost"));
  assert_true(logged(w, "pwd_change_at moved from"));
  assert_true(w.state.tenant_changed);
}

void lost_answer_of_a_change_not_made_says_so(void**) {
  World w;
  lose_the_answer(w);
  assert_int_equal(w.run(), Result::authtok_error);
  assert_int_equal(w.tenant.lookups, 2);
  assert_str_eq(w.tenant.users["alice"].password, kAliceOld);
  assert_true(w.contains_error(text(Notice::not_applied, pam_idaas::policy::Language::en)));
  assert_true(logged(w, "the tenant and this host keep the old password"));
  assert_false(w.host.new_item.has_value());
  assert_false(w.state.tenant_changed);
}

// pwd_change_at in whole seconds stays equal across a change made in the same
// second as the one before: equal proves nothing then. A fraction or epoch
// milliseconds do.
void an_equal_stamp_in_whole_seconds_is_no_proof(void**) {
  for (const char* stamp : {"2026-11-23 10:00:00", "2026-11-23T10:00:00Z", "1763892000"}) {
    World w;
    lose_the_answer(w);
    w.tenant.users["alice"].record.pwd_change_at = stamp;
    assert_int_equal(w.run(), Result::authtok_error);
    assert_int_equal(w.tenant.lookups, 2);
    assert_true(w.contains_error(text(Notice::maybe_applied, pam_idaas::policy::Language::en)));
    assert_false(w.contains_error(text(Notice::not_applied, pam_idaas::policy::Language::en)));
    assert_true(logged(w, "which counts whole seconds"));
  }
  for (const char* stamp : {"2026-11-23 10:00:00.5", "1763892000123"}) {
    World w;
    lose_the_answer(w);
    w.tenant.users["alice"].record.pwd_change_at = stamp;
    assert_int_equal(w.run(), Result::authtok_error);
    assert_true(w.contains_error(text(Notice::not_applied, pam_idaas::policy::Language::en)));
  }
}

void a_timed_out_change_not_made_yet_is_not_called_unmade(void**) {
  World w;
  auto timed_out = MemoryTenant::failure(pam_idaas::tenant::Status::unavailable, true);
  timed_out.may_still_apply = true;
  w.tenant.change_answers.push_back(timed_out);
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::authtok_error);
  assert_int_equal(w.tenant.lookups, 2);
  assert_true(w.contains_error(text(Notice::maybe_applied, pam_idaas::policy::Language::en)));
  assert_false(w.contains_error(text(Notice::not_applied, pam_idaas::policy::Language::en)));
  assert_true(logged(w, "should the request still arrive, the tenant would hold the new one"));
  assert_false(w.host.new_item.has_value());
}

void lost_answer_that_cannot_be_checked_says_which_side_holds_what(void**) {
  World w;
  lose_the_answer(w);
  w.tenant.apply_before_failing = true;
  w.tenant.lookup_failure_after_change =
      MemoryTenant::failure(pam_idaas::tenant::Status::unavailable);
  assert_int_equal(w.run(), Result::authtok_error);
  assert_true(w.contains_error(text(Notice::maybe_applied, pam_idaas::policy::Language::en)));
  assert_true(logged(w, "this host keeps the old password, the tenant may hold either"));
  assert_false(w.host.new_item.has_value());  // the host is not changed on a guess

  World n;  // a tenant that does not report pwd_change_at: no guess either
  lose_the_answer(n);
  n.tenant.users["alice"].record.pwd_change_at.clear();
  assert_int_equal(n.run(), Result::authtok_error);
  assert_int_equal(n.tenant.lookups, 1);
  assert_true(logged(n, "does not report pwd_change_at"));
  assert_true(n.contains_error(text(Notice::maybe_applied, pam_idaas::policy::Language::en)));
}

// The log line of each cell of landed × may-still-apply, whole: the time the
// request took is the only part that varies.
std::string lost_answer_line(const World& w) {
  for (const auto& line : w.host.logs) {
    if (line.find("simulated failure") == std::string::npos) continue;
    const auto open = line.find(" (change-password-verify, ");
    const auto close = line.find(" ms)", open);
    if (open == std::string::npos || close == std::string::npos) continue;
    return line.substr(0, open) + " (change-password-verify, N ms)" + line.substr(close + 4);
  }
  return "";
}

void every_lost_answer_case_logs_its_whole_line(void**) {
  const std::string failed =
      "password change of alice failed: simulated failure (change-password-verify, N ms); ";
  const std::string still = "pwd_change_at is still 2026-11-23T10:00:00.000Z";
  const std::string either =
      "the tenant does not report pwd_change_at: this host keeps the old password, the tenant "
      "may hold either; check the user at the tenant";
  struct Case {
    bool applied, may_still_apply, stamped;
    Result result;
    std::string line;
  };
  const std::vector<Case> cases = {
      {true, false, true, Result::success,
       "password of alice changed at the tenant (change-password-verify, N ms): the answer was "
       "lost (simulated failure) but pwd_change_at moved from 2026-11-23T10:00:00.000Z to "
       "2026-11-23T10:00:01.000Z"},
      {true, true, true, Result::success,
       "password of alice changed at the tenant (change-password-verify, N ms): the answer was "
       "lost (simulated failure) but pwd_change_at moved from 2026-11-23T10:00:00.000Z to "
       "2026-11-23T10:00:01.000Z"},
      {false, false, true, Result::authtok_error,
       failed + still +
           ": the tenant and this host keep the old password (should the request still arrive, "
           "the tenant would hold the new one)"},
      {false, true, true, Result::authtok_error,
       failed + still +
           ", but the request timed out: this host keeps the old password; should the request "
           "still arrive, the tenant would hold the new one"},
      {false, false, false, Result::authtok_error, failed + either},
      {false, true, false, Result::authtok_error, failed + either},
  };
  for (const Case& c : cases) {
    World w;
    auto lost = MemoryTenant::failure(pam_idaas::tenant::Status::unavailable, true);
    lost.may_still_apply = c.may_still_apply;
    w.tenant.change_answers.push_back(lost);
    w.tenant.apply_before_failing = c.applied;
    if (!c.stamped) w.tenant.users["alice"].record.pwd_change_at.clear();
    w.type({kAliceOld, kGood, kGood});
    assert_int_equal(w.run(), c.result);
    assert_str_eq(lost_answer_line(w), c.line);
  }
}

void local_only_fallback_is_explicit(void**) {
  const std::string yaml =
      std::string(kChangeConfig) + "password:\n  on_tenant_unavailable: local_only\n";
  World w(yaml);
  w.tenant.lookup_failure = MemoryTenant::failure(pam_idaas::tenant::Status::unavailable);
  w.type({kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_true(w.tenant.calls.empty());
  assert_false(w.host.infos.empty());
  // A misconfigured tenant is not "down": no fallback.
  World m(yaml);
  m.tenant.lookup_failure = MemoryTenant::failure(pam_idaas::tenant::Status::misconfigured);
  assert_int_equal(m.run(), Result::authinfo_unavailable);
}

// ---- accounts the module leaves alone --------------------------------------

void user_unknown_to_the_tenant_is_ignored_in_both_passes(void**) {
  World w;
  w.host.user_name = "mallory";
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::ignore);
  assert_true(w.host.prompts.empty());
  assert_true(w.tenant.calls.empty());
}

// pam-auth-update stacks: pam_unix use_authtok follows whatever the module did.
void ask_for_all_hands_on_an_unchecked_password_for_ignored_users(void**) {
  World w;
  w.host.user_name = "carl";  // a host-only account
  w.args.ask_for_all = true;
  w.args.retry = 2;
  w.type({kWeak, kOther, kWeak, kWeak});
  assert_int_equal(w.run(), Result::ignore);
  const std::vector<std::string> asked{"new", "retype", "new", "retype"};
  assert_true(w.host.prompts == asked);    // no current password: pam_unix asks for it
  assert_str_eq(*w.host.new_item, kWeak);  // not checked: not ours to judge
  assert_true(w.host.errors.size() == 1);  // only the retype mismatch
  assert_true(w.tenant.calls.empty());

  World out_of_retries;
  out_of_retries.host.user_name = "carl";
  out_of_retries.args.ask_for_all = true;
  out_of_retries.type({kGood, kOther});
  assert_int_equal(out_of_retries.run(), Result::authtok_error);

  World managed;  // alice is the tenant's: the full flow, as without the argument
  managed.args.ask_for_all = true;
  managed.type({kAliceOld, kWeak});
  assert_int_equal(managed.run(), Result::authtok_error);
  assert_true(managed.contains_error("PWD.0006"));
}

void users_outside_the_scope_are_ignored_without_a_tenant_call(void**) {
  World w(std::string(kChangeConfig) + "users:\n  ignore: [alice]\n");
  assert_int_equal(w.run(), Result::ignore);
  assert_int_equal(w.tenant.lookups, 0);
  World root;  // uid 0 is below the default min_uid
  root.host.user_name = "root";
  root.accounts.users["root"] = {0, "root"};
  assert_int_equal(root.run(), Result::ignore);
  assert_int_equal(root.tenant.lookups, 0);
}

void unusable_config_fails_closed_with_a_message(void**) {
  World w("policy:\n  length:\n    min: many\n");
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::service_error);
  assert_true(w.contains_error(text(Notice::config_unusable, pam_idaas::policy::Language::en)));
  bool located = false;
  for (const auto& line : w.host.logs) located |= line.find(":3:") != std::string::npos;
  assert_true(located);  // the log names the line
}

// ---- without a tenant ---------------------------------------------------------

void policy_only_mode_checks_and_leaves_the_old_password_to_pam_unix(void**) {
  World w("language: zh\npolicy:\n  history:\n    file: @DIR@/history\n");
  w.args.retry = 2;
  w.type({kWeak, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_int_equal(w.connections, 0);
  const std::vector<std::string> asked{"new", "new", "retype"};
  assert_true(w.host.prompts == asked);
  assert_true(w.contains_error("PWD.0006: "));
  assert_true(w.contains_error(pam_idaas::policy::template_for(pam_idaas::policy::Rule::weak,
                                                               pam_idaas::policy::Language::zh)));
  assert_str_eq(*w.host.new_item, kGood);  // for pam_unix use_authtok
}

void no_password_reaches_the_log(void**) {
  World w;
  w.args.retry = 3;
  w.tenant.change_answers.push_back(
      MemoryTenant::rejected(pam_idaas::policy::Rule::history, "PWD.0007"));
  w.type({kAliceOld, kWeak, kOther, kOther, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_false(w.host.logs.empty());
  for (const auto& line : w.host.logs) {
    for (const char* secret : {kAliceOld, kWeak, kOther, kGood}) {
      assert_true(line.find(secret) == std::string::npos);
    }
  }
}

// ---- the history store's locks (issue 18, item 9) ------------------------------

// A lock of the history store held, as by a passwd stopped with Ctrl-Z.
struct HeldLock {
  explicit HeldLock(const std::string& path)
      : fd(open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    assert_true(fd >= 0 && flock(fd, LOCK_EX) == 0);
  }
  ~HeldLock() { close(fd); }
  HeldLock(const HeldLock&) = delete;
  HeldLock& operator=(const HeldLock&) = delete;
  int fd;
};

// Another user's stopped passwd holds the shared lock: the change stands and
// its entry waits in alice's own file, said in the log (before: dropped).
void a_history_entry_delayed_by_another_writer_is_kept_and_logged(void**) {
  World w;
  const std::string store = w.dir.path() + "/history";
  const HeldLock shared(store + ".lock");
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_true(logged(w, "password history delayed: " + store +
                            ".lock is held by another process for more than 5000 ms; the entry "
                            "of alice is kept in " +
                            pam_idaas::files::entry_name(store, "alice")));
}

// alice's own change holds her lock: this change stands, its entry is dropped
// and the log says why (before: the lock did not exist, nothing was said).
void a_history_entry_dropped_for_the_same_user_is_logged(void**) {
  World w;
  const std::string store = w.dir.path() + "/history";
  const HeldLock own(pam_idaas::files::entry_name(store, "alice") + ".lock");
  w.type({kAliceOld, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_true(logged(w, "password history not updated: the new entry of alice is dropped: "));
}

// ---- what stays on the PAM handle (issue 18, item 8) ---------------------------

// The personal data and the tenant's id of the user, gone from the state.
void holds_nothing_personal(const ChangeState& state) {
  assert_true(state.tenant_user_id.empty());
  assert_true(state.pwd_change_at.empty());
  assert_true(state.real_name.empty());
  assert_true(state.mobile.empty());
  assert_true(state.email.empty());
  assert_false(state.setup.local.has_value());
  assert_false(state.setup.config.tenant.has_value());
}

// su, login and display managers keep the handle for the whole session: the
// client (client secret, token) never outlives the pass that made it, and the
// update pass leaves only what pam_end reports on.
void no_tenant_client_outlives_its_pass(void**) {
  World w;
  w.type({kAliceOld, kGood, kGood});
  const ChangeContext cx{w.services(), w.args, w.caller};
  assert_int_equal(prelim_check(cx, w.state), Result::success);
  assert_int_equal(w.tenant.live_clients, 0);
  assert_null(w.state.tenant.get());
  assert_str_eq(w.state.email, "alice.smith@example.com");  // the update's policy reads it
  assert_int_equal(update_authtok(cx, w.state), Result::success);
  assert_int_equal(w.tenant.live_clients, 0);
  assert_int_equal(w.connections, 2);  // one a pass
  assert_int_equal(w.tenant.lookups, 1);
  assert_int_equal(w.tenant.count("change-password-verify"), 1);
  holds_nothing_personal(w.state);
  assert_null(w.state.policy.get());
  assert_str_eq(w.state.setup.user, "alice");  // for pam_end's report
  assert_true(w.state.tenant_changed);
}

void a_failed_pass_releases_everything(void**) {
  {
    World down;  // the preliminary pass fails: libpam runs no update
    down.tenant.lookup_failure = MemoryTenant::failure(pam_idaas::tenant::Status::unavailable);
    const ChangeContext cx{down.services(), down.args, down.caller};
    assert_int_equal(prelim_check(cx, down.state), Result::try_again);
    assert_int_equal(down.tenant.live_clients, 0);
    holds_nothing_personal(down.state);
    assert_null(down.state.policy.get());
    assert_int_equal(update_authtok(cx, down.state), Result::try_again);  // still its outcome
  }
  World refused;
  refused.tenant.change_answers.push_back(
      MemoryTenant::rejected(pam_idaas::policy::Rule::history, "PWD.0007"));
  refused.type({kAliceOld, kGood, kGood});
  assert_int_equal(refused.run(), Result::authtok_error);
  assert_int_equal(refused.tenant.live_clients, 0);
  holds_nothing_personal(refused.state);
  assert_false(refused.state.tenant_changed);
}

void an_internal_error_releases_the_state_too(void**) {
  World w;
  w.tenant.change_throws = true;
  w.type({kAliceOld, kGood, kGood});
  bool thrown = false;
  try {
    w.run();
  } catch (const std::runtime_error&) {
    thrown = true;
  }
  assert_true(thrown);
  assert_int_equal(w.tenant.live_clients, 0);
  holds_nothing_personal(w.state);
  assert_null(w.state.policy.get());
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(only_root_outside_a_forced_change_skips_the_old_password),
      cmocka_unit_test(root_resets_through_the_admin_endpoint_without_the_old_password),
      cmocka_unit_test(root_reset_sends_must_modify_from_the_config),
      cmocka_unit_test(every_other_caller_proves_the_old_password),
      cmocka_unit_test(old_password_from_an_earlier_module_is_used_not_skipped),
      cmocka_unit_test(root_through_an_unlisted_service_proves_the_old_password),
      cmocka_unit_test(root_through_an_unlisted_service_without_the_old_password_is_refused),
      cmocka_unit_test(root_through_an_unlisted_service_with_a_wrong_old_password_learns_why),
      cmocka_unit_test(root_for_an_account_the_host_does_not_know_proves_the_old_password),
      cmocka_unit_test(the_admin_lists_the_services_that_reset),
      cmocka_unit_test(a_refused_reset_is_checked_like_a_users_change),
      cmocka_unit_test(wrong_old_password_stops_before_any_change),
      cmocka_unit_test(wrong_old_password_at_the_tenant_ends_without_retry),
      cmocka_unit_test(empty_old_password_is_refused_with_its_code),
      cmocka_unit_test(admin_flavour_proves_the_old_password_locally),
      cmocka_unit_test(admin_flavour_links_host_and_tenant_by_name_alone),
      cmocka_unit_test(a_stale_hash_is_made_current_then_the_change_proceeds),
      cmocka_unit_test(a_stale_hash_and_a_wrong_password_is_pwd_0014_asked_again_within_retry),
      cmocka_unit_test(a_record_in_sync_spares_the_login_and_a_stale_one_does_not),
      cmocka_unit_test(a_login_that_fails_needs_a_matching_hash),
      cmocka_unit_test(root_reset_never_logs_in_nor_writes_the_host),
      cmocka_unit_test(a_forced_change_with_a_stale_hash_never_reaches_the_admin_endpoint),
      cmocka_unit_test(local_rejection_shows_every_violation_then_accepts_within_retry),
      cmocka_unit_test(rejection_on_every_attempt_fails),
      cmocka_unit_test(retype_mismatch_asks_again_within_retry),
      cmocka_unit_test(personal_data_comes_from_the_tenant_record),
      cmocka_unit_test(root_reset_shows_the_admin_code_family),
      cmocka_unit_test(root_reset_skips_the_policy_when_told),
      cmocka_unit_test(history_is_recorded_and_enforced),
      cmocka_unit_test(a_new_password_close_to_the_proven_current_one_is_refused),
      cmocka_unit_test(tenant_rejection_reads_like_the_catalogue_and_allows_a_retry),
      cmocka_unit_test(tenant_code_outside_the_catalogue_shows_its_message),
      cmocka_unit_test(a_refusal_of_a_password_the_policy_accepted_shows_the_tenants_words),
      cmocka_unit_test(a_refusal_after_a_reset_without_the_policy_borrows_its_parameters),
      cmocka_unit_test(tenant_down_at_lookup_changes_nothing),
      cmocka_unit_test(caller_environment_is_named_to_the_caller),
      cmocka_unit_test(tenant_down_at_change_changes_nothing),
      cmocka_unit_test(lost_answer_of_an_applied_change_is_success),
      cmocka_unit_test(lost_answer_of_a_change_not_made_says_so),
      cmocka_unit_test(an_equal_stamp_in_whole_seconds_is_no_proof),
      cmocka_unit_test(a_timed_out_change_not_made_yet_is_not_called_unmade),
      cmocka_unit_test(lost_answer_that_cannot_be_checked_says_which_side_holds_what),
      cmocka_unit_test(every_lost_answer_case_logs_its_whole_line),
      cmocka_unit_test(local_only_fallback_is_explicit),
      cmocka_unit_test(user_unknown_to_the_tenant_is_ignored_in_both_passes),
      cmocka_unit_test(ask_for_all_hands_on_an_unchecked_password_for_ignored_users),
      cmocka_unit_test(users_outside_the_scope_are_ignored_without_a_tenant_call),
      cmocka_unit_test(unusable_config_fails_closed_with_a_message),
      cmocka_unit_test(policy_only_mode_checks_and_leaves_the_old_password_to_pam_unix),
      cmocka_unit_test(no_password_reaches_the_log),
      cmocka_unit_test(a_history_entry_delayed_by_another_writer_is_kept_and_logged),
      cmocka_unit_test(a_history_entry_dropped_for_the_same_user_is_logged),
      cmocka_unit_test(no_tenant_client_outlives_its_pass),
      cmocka_unit_test(a_failed_pass_releases_everything),
      cmocka_unit_test(an_internal_error_releases_the_state_too),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
