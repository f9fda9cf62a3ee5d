// pam_sm_acct_mgmt's flow without libpam: a forced change when the tenant
// asks for one, and nobody locked out by a tenant that is down.
#include <string>

#include "flow_fakes.h"
#include "pam_module/account.h"
#include "pam_module/authenticate.h"
#include "pam_module/notices.h"

#include "cmocka_cpp.h"  // last: its macros clash with the C++ library

namespace {

using namespace flow_fakes;
using pam_idaas::policy::Language;

const char* const kTenantConfig = R"(tenant:
  base_url: https://tenant.example.com
  client_id: test-client
)";

struct World : Fakes {
  explicit World(const std::string& yaml = kTenantConfig) : Fakes(yaml) {
    tenant.add("alice", "Lantern#4821");
    tenant.add("bob", "Initial#Set42", true);
  }

  Result check(const std::string& user) {
    host.user_name = user;
    return check_account(services(), args);
  }

  bool said(Notice notice) const {
    return host.all_errors().find(text(notice, Language::en)) != std::string::npos;
  }
};

void must_modify_forces_a_change_at_login(void**) {
  World w;
  assert_int_equal(w.check("bob"), Result::new_authtok_required);
  assert_true(w.said(Notice::must_change));
  assert_true(w.host.prompts.empty());  // the change itself is pam_chauthtok's
}

void an_ordinary_user_passes(void**) {
  World w;
  assert_int_equal(w.check("alice"), Result::success);
  assert_true(w.host.errors.empty());
}

void a_user_the_tenant_does_not_know_is_ignored(void**) {
  World w;
  assert_int_equal(w.check("nosuchuser"), Result::ignore);
  assert_true(w.host.errors.empty());
}

void tenant_down_fails_open_unless_told(void**) {
  for (auto status :
       {pam_idaas::tenant::Status::unavailable, pam_idaas::tenant::Status::misconfigured}) {
    World w;
    w.tenant.lookup_failure = MemoryTenant::failure(status);
    assert_int_equal(w.check("bob"), Result::ignore);
    assert_true(w.host.errors.empty());
    assert_false(w.host.logs.empty());  // but the admin hears of it
  }
  World deny(std::string(kTenantConfig) + "account:\n  on_tenant_unavailable: deny\n");
  deny.tenant.lookup_failure = MemoryTenant::failure(pam_idaas::tenant::Status::unavailable);
  assert_int_equal(deny.check("bob"), Result::permission_denied);
  assert_true(deny.said(Notice::account_unverifiable));
}

void disabled_is_denied_and_locked_ignored_by_default(void**) {
  World w;
  w.tenant.users["alice"].record.disabled = true;
  assert_int_equal(w.check("alice"), Result::permission_denied);
  assert_true(w.said(Notice::account_disabled));

  World l;
  l.tenant.users["alice"].record.locked = true;
  assert_int_equal(l.check("alice"), Result::success);

  World told(std::string(kTenantConfig) + "account:\n  locked: deny\n  disabled: ignore\n");
  told.tenant.users["alice"].record.locked = true;
  assert_int_equal(told.check("alice"), Result::permission_denied);
  assert_true(told.said(Notice::account_locked));
  told.tenant.users["alice"].record.locked = false;
  told.tenant.users["alice"].record.disabled = true;
  assert_int_equal(told.check("alice"), Result::success);
}

void without_a_tenant_or_in_scope_the_module_stays_out(void**) {
  World policy_only("policy:\n  length:\n    min: 10\n");
  assert_int_equal(policy_only.check("bob"), Result::ignore);
  assert_int_equal(policy_only.tenant.lookups, 0);

  World scoped(std::string(kTenantConfig) + "users:\n  ignore: [bob]\n");
  assert_int_equal(scoped.check("bob"), Result::ignore);
  assert_int_equal(scoped.tenant.lookups, 0);
}

void broken_config_does_not_lock_anyone_out(void**) {
  World w("tenant: [not, a, mapping]\n");
  assert_int_equal(w.check("bob"), Result::ignore);
  assert_false(w.host.logs.empty());
  assert_int_equal(w.tenant.lookups, 0);
}

// The admin's choice holds when the module cannot do its part (issue 18, item 10): an unusable
// file cannot say it, the stack line's on_error= does.
void broken_config_denies_with_on_error_deny(void**) {
  World w("tenant: [not, a, mapping]\n");
  w.args.on_error = pam_idaas::module::OnError::deny;
  assert_int_equal(w.check("bob"), Result::permission_denied);
  assert_true(w.said(Notice::account_unverifiable));
  assert_true(w.host.all_output().find("denied, as on_error=deny says") != std::string::npos);
  assert_int_equal(w.tenant.lookups, 0);

  World open("tenant: [not, a, mapping]\n");
  assert_int_equal(open.check("bob"), Result::ignore);
  assert_true(open.host.all_output().find("left to the stack (on_error=ignore)") !=
              std::string::npos);
}

// Once the file is read, an error of the module's own is a status nobody can tell: answered
// as account.on_tenant_unavailable says, and denied under on_error=deny whatever it says.
void an_internal_error_answers_as_the_admin_chose(void**) {
  World deny(std::string(kTenantConfig) + "account:\n  on_tenant_unavailable: deny\n");
  deny.connect_throws = true;
  assert_int_equal(deny.check("alice"), Result::permission_denied);
  assert_true(deny.said(Notice::account_unverifiable));
  assert_true(deny.host.all_output().find("unexpected error: simulated internal error") !=
              std::string::npos);

  World open;
  open.connect_throws = true;
  assert_int_equal(open.check("alice"), Result::ignore);
  assert_true(open.host.errors.empty());

  World line;
  line.connect_throws = true;
  line.args.on_error = pam_idaas::module::OnError::deny;
  assert_int_equal(line.check("alice"), Result::permission_denied);
  assert_true(line.host.all_output().find("as on_error=deny says") != std::string::npos);
}

void messages_follow_the_configured_language(void**) {
  World w(std::string("language: zh\n") + kTenantConfig);
  assert_int_equal(w.check("bob"), Result::new_authtok_required);
  assert_true(w.host.all_errors().find(text(Notice::must_change, Language::zh)) !=
              std::string::npos);
}

// sshd has no LANG of the user's (or the host's, from systemd): the user's arrives in the PAM
// environment, and the messages follow it unless the configuration names a language (issue
// 18, item 12).
void messages_follow_the_users_pam_environment(void**) {
  setenv("LANG", "C", 1);
  unsetenv("LC_ALL");
  unsetenv("LC_MESSAGES");
  World w;
  w.host.pam_environment.lang = "zh_CN.UTF-8";
  assert_int_equal(w.check("bob"), Result::new_authtok_required);
  assert_true(w.host.all_errors().find(text(Notice::must_change, Language::zh)) !=
              std::string::npos);

  World told(std::string("language: en\n") + kTenantConfig);
  told.host.pam_environment.lc_all = "zh_CN.UTF-8";
  assert_int_equal(told.check("bob"), Result::new_authtok_required);
  assert_true(told.said(Notice::must_change));  // in English, as the file says

  World process;  // nothing in the PAM environment: the process decides
  setenv("LANG", "zh_CN.UTF-8", 1);
  assert_int_equal(process.check("bob"), Result::new_authtok_required);
  assert_true(process.host.all_errors().find(text(Notice::must_change, Language::zh)) !=
              std::string::npos);
  unsetenv("LANG");
}

// sshd runs auth, then account: the status the auth step learnt answers the second.
void the_account_step_answers_from_what_auth_learnt(void**) {
  World w(std::string(kTenantConfig) + "cache:\n  directory: @DIR@/cache\n");
  w.may_cache = true;
  w.accounts.shadow["alice"] = "Lantern#4821";
  w.host.typed.push_back("Lantern#4821");
  assert_int_equal(authenticate(w.services(), w.args), Result::success);
  assert_int_equal(w.tenant.lookups, 1);
  w.tenant.users["alice"].record.disabled = true;  // after the cached lookup: not seen yet
  assert_int_equal(w.check("alice"), Result::success);
  assert_int_equal(w.tenant.lookups, 1);

  World disabled(std::string(kTenantConfig) + "cache:\n  directory: @DIR@/cache\n");
  disabled.may_cache = true;
  disabled.tenant.users["alice"].record.disabled = true;
  disabled.accounts.shadow["alice"] = "Lantern#4821";
  disabled.host.typed.push_back("Lantern#4821");
  assert_int_equal(authenticate(disabled.services(), disabled.args), Result::success);
  assert_int_equal(disabled.check("alice"), Result::permission_denied);
  assert_int_equal(disabled.tenant.lookups, 1);
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(must_modify_forces_a_change_at_login),
      cmocka_unit_test(an_ordinary_user_passes),
      cmocka_unit_test(a_user_the_tenant_does_not_know_is_ignored),
      cmocka_unit_test(tenant_down_fails_open_unless_told),
      cmocka_unit_test(disabled_is_denied_and_locked_ignored_by_default),
      cmocka_unit_test(without_a_tenant_or_in_scope_the_module_stays_out),
      cmocka_unit_test(broken_config_does_not_lock_anyone_out),
      cmocka_unit_test(broken_config_denies_with_on_error_deny),
      cmocka_unit_test(an_internal_error_answers_as_the_admin_chose),
      cmocka_unit_test(messages_follow_the_configured_language),
      cmocka_unit_test(messages_follow_the_users_pam_environment),
      cmocka_unit_test(the_account_step_answers_from_what_auth_learnt),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
