// pam_sm_authenticate's flow without libpam: when the password goes to the
// tenant and when the host's hash may answer alone, what the tenant's answers
// become, what is written to the host, and what happens offline.
#include <string>
#include <vector>

#include "flow_fakes.h"
#include "pam_module/account.h"
#include "pam_module/authenticate.h"
#include "pam_module/notices.h"

#include "cmocka_cpp.h"  // last: its macros clash with the C++ library

namespace {

using namespace flow_fakes;
using pam_idaas::policy::Language;
using pam_idaas::tenant::Status;

constexpr const char* kPortal = "Portal#Changed77";  // set at the tenant, unknown to the host

std::string auth_config(const std::string& extra = "") {
  return std::string(kChangeConfig) + "cache:\n  directory: @DIR@/cache\n" + extra;
}

struct World : Fakes {
  explicit World(const std::string& yaml = auth_config()) : Fakes(yaml) {
    tenant.add("alice", kAliceOld);
    accounts.users["alice"] = {1000, "Alice Smith"};
    accounts.shadow["alice"] = kAliceOld;
  }

  // sshd, login, su: effective uid 0.
  void as_root() {
    may_cache = true;
    may_write_shadow = true;
    keeps_records = true;
  }

  Result login(const std::string& password) {
    host.auth_item.reset();
    host.typed.push_back(password);
    return authenticate(services(), args);
  }

  bool said(std::string_view text) const {
    return host.all_errors().find(text) != std::string::npos;
  }
  bool told(Notice notice) const {
    for (const auto& i : host.infos) {
      if (i == text(notice, Language::en)) return true;
    }
    return false;
  }
};

SyncRecord in_sync_with(MemoryTenant& tenant, const std::string& password) {
  return {tenant.users["alice"].record.pwd_change_at, "fp:" + password};
}

// ---- when the password goes to the tenant ---------------------------------

void the_steady_state_sends_nothing(void**) {
  World w;
  w.as_root();
  assert_int_equal(w.login(kAliceOld), Result::success);  // the first one: no record yet
  assert_int_equal(w.tenant.logins.size(), 1);
  assert_true(w.records.by_user["alice"] == in_sync_with(w.tenant, kAliceOld));
  for (int i = 0; i < 100; ++i) assert_int_equal(w.login(kAliceOld), Result::success);
  assert_int_equal(w.tenant.logins.size(), 1);
  assert_int_equal(w.tenant.lookups, 1);  // the status cache's period
  assert_int_equal(w.records.remembered, 1);
  assert_true(w.accounts.writes.empty());
  // The account step after it answers from what the auth step learnt.
  assert_int_equal(check_account(w.services(), w.args), Result::success);
  assert_int_equal(w.tenant.lookups, 1);
}

void a_stale_record_sends_the_password(void**) {
  World moved;  // the tenant's password changed since the record
  moved.as_root();
  moved.records.by_user["alice"] = {"2026-01-01T00:00:00.000Z", "fp:" + std::string(kAliceOld)};
  assert_int_equal(moved.login(kAliceOld), Result::success);
  assert_int_equal(moved.tenant.logins.size(), 1);
  assert_true(moved.records.by_user["alice"] == in_sync_with(moved.tenant, kAliceOld));

  World rehashed;  // the host's hash changed since the record
  rehashed.as_root();
  rehashed.records.by_user["alice"] = in_sync_with(rehashed.tenant, "Previous#Hash1");
  assert_int_equal(rehashed.login(kAliceOld), Result::success);
  assert_int_equal(rehashed.tenant.logins.size(), 1);
  assert_str_eq(rehashed.tenant.logins[0], std::string("alice:") + kAliceOld);
}

void the_tenant_says_wrong_although_the_host_says_right(void**) {
  World w;
  w.as_root();
  w.tenant.users["alice"].password = kPortal;
  assert_int_equal(w.login(kAliceOld), Result::auth_error);
  assert_true(w.said("LOGIN.0002: Invalid account name or password. Remaining attempts: 8."));
  assert_int_equal(w.records.remembered, 0);
}

void the_tenants_password_unknown_here_is_made_current_by_root(void**) {
  World w;
  w.as_root();
  w.tenant.users["alice"].password = kPortal;
  assert_int_equal(w.login(kPortal), Result::success);
  assert_true(w.accounts.writes == std::vector<std::string>{"alice"});
  assert_str_eq(w.accounts.shadow["alice"], kPortal);
  assert_true(w.told(Notice::host_password_updated));
  // The record vouches for the hash just written.
  assert_true(w.records.by_user["alice"] == in_sync_with(w.tenant, kPortal));
  assert_int_equal(w.login(kPortal), Result::success);
  assert_int_equal(w.tenant.logins.size(), 1);
}

void a_caller_that_is_not_root_writes_nothing(void**) {
  World w;  // a screen locker: it reads no shadow file, asks no lookup, keeps nothing
  w.accounts.shadow_readable = false;
  w.tenant.users["alice"].password = kPortal;
  assert_int_equal(w.login(kPortal), Result::success);
  assert_true(w.accounts.writes.empty());
  assert_false(w.told(Notice::host_password_updated));
  assert_int_equal(w.tenant.lookups, 0);
  assert_int_equal(w.login(kPortal), Result::success);
  assert_int_equal(w.tenant.logins.size(), 2);  // nothing vouches: each login asks
}

void a_failed_write_still_lets_the_user_in_and_keeps_no_record(void**) {
  World w;
  w.as_root();
  w.accounts.writes_fail = true;
  w.tenant.users["alice"].password = kPortal;
  assert_int_equal(w.login(kPortal), Result::success);
  assert_int_equal(w.records.remembered, 0);
  assert_false(w.told(Notice::host_password_updated));
  assert_true(w.host.all_output().find("simulated chpasswd failure") != std::string::npos);
}

void ask_tenant_always_sends_every_login(void**) {
  World w(auth_config("auth:\n  ask_tenant: always\n"));
  w.as_root();
  w.records.by_user["alice"] = in_sync_with(w.tenant, kAliceOld);
  for (int i = 0; i < 3; ++i) assert_int_equal(w.login(kAliceOld), Result::success);
  assert_int_equal(w.tenant.logins.size(), 3);
}

void a_host_without_a_usable_hash_leaves_the_user_to_the_stack(void**) {
  World w;  // locked (passwd -l), emptied or no shadow entry: the host's decision
  w.as_root();
  w.accounts.shadow.erase("alice");
  assert_int_equal(w.login(kAliceOld), Result::ignore);
  assert_true(w.tenant.logins.empty());
  assert_true(w.accounts.writes.empty());
}

// ---- what the tenant's answers become -------------------------------------

void a_state_token_is_a_right_password(void**) {
  World w;
  w.as_root();
  w.tenant.login_next_step = true;
  assert_int_equal(w.login(kAliceOld), Result::success);
}

void other_refusals_deny_with_the_tenants_message(void**) {
  World w;
  w.as_root();
  auto locked = MemoryTenant::rejected(pam_idaas::policy::Rule::user_not_found, "LOGIN.0003");
  locked.rule.reset();
  locked.detail = "The account is locked. Try again later.";
  w.tenant.login_answers.push_back(locked);
  assert_int_equal(w.login(kAliceOld), Result::permission_denied);
  assert_true(w.said("LOGIN.0003: The account is locked. Try again later."));
  assert_int_equal(w.records.remembered, 0);
}

void the_login_names_its_caller_and_waits_briefly(void**) {
  World w;
  w.host.rhost = "203.0.113.9";
  assert_int_equal(w.login(kAliceOld), Result::success);
  assert_str_eq(w.tenant.login_device_ip, "203.0.113.9");
  assert_str_eq(w.tenant.login_language, "en");
  assert_int_equal(w.connected_with.budget_ms, 5000);
  assert_int_equal(w.connected_with.connect_timeout_ms, 3000);
  World quick(auth_config("auth:\n  budget_ms: 800\n"));
  assert_int_equal(quick.login(kAliceOld), Result::success);
  assert_int_equal(quick.connected_with.budget_ms, 800);
  assert_int_equal(quick.connected_with.connect_timeout_ms, 800);
  World zh(std::string("language: zh\n") + auth_config());
  assert_int_equal(zh.login(kAliceOld), Result::success);
  assert_str_eq(zh.tenant.login_language, "zh");
}

// ---- retry= ------------------------------------------------------------------

void a_wrong_password_is_asked_again_within_retry(void**) {
  World w;
  w.args.retry = 3;
  w.host.typed = {"wrong-1", "wrong-2", kAliceOld};
  assert_int_equal(authenticate(w.services(), w.args), Result::success);
  assert_int_equal(w.tenant.logins.size(), 3);
  assert_true(w.host.prompts == std::vector<std::string>(3, "password"));
  assert_true(w.said("LOGIN.0002"));  // the reason reaches the user before the next prompt

  World out;
  out.args.retry = 2;
  out.host.typed = {"wrong-1", "wrong-2", kAliceOld};
  assert_int_equal(authenticate(out.services(), out.args), Result::auth_error);
  assert_int_equal(out.tenant.logins.size(), 2);
}

void a_password_from_an_earlier_module_is_not_asked_again(void**) {
  World w;
  w.args.retry = 3;
  w.host.auth_item = "wrong-1";
  w.host.typed = {kAliceOld};
  assert_int_equal(authenticate(w.services(), w.args), Result::auth_error);
  assert_int_equal(w.tenant.logins.size(), 1);
  assert_true(w.host.prompts.empty());
}

// ---- offline -------------------------------------------------------------------

void offline_leaves_it_to_the_hosts_hash_and_writes_nothing(void**) {
  for (auto status : {Status::unavailable, Status::misconfigured}) {
    World lookup;  // root: the lookup fails
    lookup.as_root();
    lookup.tenant.lookup_failure = MemoryTenant::failure(status);
    lookup.tenant.users["alice"].password = kPortal;
    assert_int_equal(lookup.login(kPortal), Result::ignore);
    assert_true(lookup.tenant.logins.empty());
    assert_true(lookup.told(Notice::login_checked_locally));
    assert_true(lookup.accounts.writes.empty());
    assert_int_equal(lookup.records.remembered, 0);

    World login;  // the login fails
    login.as_root();
    login.tenant.login_answers.push_back(MemoryTenant::failure(status));
    login.tenant.users["alice"].password = kPortal;
    assert_int_equal(login.login(kPortal), Result::ignore);
    assert_true(login.accounts.writes.empty());
    assert_int_equal(login.records.remembered, 0);
    assert_true(login.told(Notice::login_checked_locally));
  }
}

void offline_deny_refuses_the_login(void**) {
  World w(auth_config("auth:\n  offline: deny\n"));
  w.tenant.login_answers.push_back(MemoryTenant::failure(Status::unavailable));
  assert_int_equal(w.login(kAliceOld), Result::authinfo_unavailable);
  assert_true(w.said(text(Notice::login_unverifiable, Language::en)));
  assert_true(w.accounts.writes.empty());
}

void a_password_that_is_not_utf8_is_never_sent(void**) {
  World w;
  w.as_root();
  assert_int_equal(w.login("Passw\xF6rt-2024"), Result::ignore);  // Latin-1: pam_unix decides
  assert_true(w.tenant.logins.empty());
  World deny(auth_config("auth:\n  offline: deny\n"));
  assert_int_equal(deny.login("Passw\xF6rt-2024"), Result::authinfo_unavailable);
  assert_true(deny.tenant.logins.empty());
}

// ---- accounts the module leaves alone --------------------------------------

void users_the_module_does_not_manage_are_ignored(void**) {
  World scoped(auth_config("users:\n  ignore: [alice]\n"));
  scoped.as_root();
  assert_int_equal(scoped.login(kAliceOld), Result::ignore);
  assert_int_equal(scoped.tenant.lookups, 0);
  assert_true(scoped.tenant.logins.empty());

  World unknown;
  unknown.as_root();
  unknown.host.user_name = "carol";
  assert_int_equal(unknown.login("Carol#Pass12"), Result::ignore);
  assert_int_equal(unknown.tenant.lookups, 1);
  assert_true(unknown.tenant.logins.empty());

  World nobody;
  nobody.host.user_name = std::nullopt;
  assert_int_equal(nobody.login(kAliceOld), Result::user_unknown);
}

void without_a_usable_config_or_tenant_the_stack_decides(void**) {
  World broken("tenant: [not, a, mapping]\n");
  broken.as_root();
  assert_int_equal(broken.login(kAliceOld), Result::ignore);
  assert_false(broken.host.logs.empty());
  assert_int_equal(broken.tenant.lookups, 0);
  assert_true(broken.tenant.logins.empty());

  World policy_only("policy:\n  length:\n    min: 10\n");
  policy_only.as_root();
  assert_int_equal(policy_only.login(kAliceOld), Result::ignore);
  assert_true(policy_only.tenant.logins.empty());
}

// on_error=deny on the auth line: an unusable configuration refuses the login (issue 18, item 10).
void a_broken_config_refuses_with_on_error_deny(void**) {
  World broken("tenant: [not, a, mapping]\n");
  broken.as_root();
  broken.args.on_error = pam_idaas::module::OnError::deny;
  assert_int_equal(broken.login(kAliceOld), Result::permission_denied);
  assert_true(broken.said(text(Notice::account_unverifiable, Language::en)));
  assert_true(broken.host.all_output().find("denied, as on_error=deny says") != std::string::npos);
  assert_true(broken.tenant.logins.empty());
}

void no_password_reaches_the_log(void**) {
  World w;
  w.as_root();
  w.tenant.users["alice"].password = kPortal;
  w.args.retry = 2;
  w.host.typed = {kAliceOld, kPortal};
  assert_int_equal(authenticate(w.services(), w.args), Result::success);
  for (const auto& line : w.host.logs) {
    assert_true(line.find(kAliceOld) == std::string::npos);
    assert_true(line.find(kPortal) == std::string::npos);
  }
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(the_steady_state_sends_nothing),
      cmocka_unit_test(a_stale_record_sends_the_password),
      cmocka_unit_test(the_tenant_says_wrong_although_the_host_says_right),
      cmocka_unit_test(the_tenants_password_unknown_here_is_made_current_by_root),
      cmocka_unit_test(a_caller_that_is_not_root_writes_nothing),
      cmocka_unit_test(a_failed_write_still_lets_the_user_in_and_keeps_no_record),
      cmocka_unit_test(ask_tenant_always_sends_every_login),
      cmocka_unit_test(a_host_without_a_usable_hash_leaves_the_user_to_the_stack),
      cmocka_unit_test(a_state_token_is_a_right_password),
      cmocka_unit_test(other_refusals_deny_with_the_tenants_message),
      cmocka_unit_test(the_login_names_its_caller_and_waits_briefly),
      cmocka_unit_test(a_wrong_password_is_asked_again_within_retry),
      cmocka_unit_test(a_password_from_an_earlier_module_is_not_asked_again),
      cmocka_unit_test(offline_leaves_it_to_the_hosts_hash_and_writes_nothing),
      cmocka_unit_test(offline_deny_refuses_the_login),
      cmocka_unit_test(a_password_that_is_not_utf8_is_never_sent),
      cmocka_unit_test(users_the_module_does_not_manage_are_ignored),
      cmocka_unit_test(without_a_usable_config_or_tenant_the_stack_decides),
      cmocka_unit_test(a_broken_config_refuses_with_on_error_deny),
      cmocka_unit_test(no_password_reaches_the_log),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
