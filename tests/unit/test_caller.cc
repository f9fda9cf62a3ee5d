// The one function that decides whether a change may skip the old password
// (pam_module/caller.h), from every angle: who calls, through which PAM
// service, for which account, under which configuration.
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "pam_module/caller.h"

#include "cmocka_cpp.h"  // last: its macros clash with the C++ library

namespace {

using pam_idaas::config::Config;
using pam_idaas::module::admin_reset;
using pam_idaas::module::AdminReset;
using pam_idaas::module::Caller;
using pam_idaas::module::NamedAccount;
using pam_idaas::module::reset_refused;

constexpr Caller kRoot{true, false};
constexpr Caller kRootForced{true, true};
constexpr Caller kUser{false, false};
constexpr Caller kUserForced{false, true};
const NamedAccount kAlice{"alice", 1000u};

void assert_answer(AdminReset got, AdminReset expected) {
  assert_int_equal(static_cast<int>(got), static_cast<int>(expected));
}

void root_through_passwd_for_a_managed_account_is_the_one_reset(void**) {
  const Config config;
  assert_answer(admin_reset(kRoot, "passwd", kAlice, config), AdminReset::allowed);
  assert_answer(admin_reset(kRoot, "passwd", {"bob", 60000u}, config), AdminReset::allowed);
}

// No service, account or setting turns another caller into a reset.
void no_other_caller_ever_skips_the_old_password(void**) {
  Config wide;
  wide.users.min_uid = 0;
  wide.password.admin_reset.services = {"passwd", "samba", "sshd", "login", "su"};
  const std::vector<std::string> services = {"passwd", "samba", "sshd", "login", "su", ""};
  const std::vector<NamedAccount> accounts = {kAlice, {"root", 0u}, {"ghost", std::nullopt}};
  const Config configs[] = {wide, Config{}};
  for (const Caller caller : {kRootForced, kUser, kUserForced}) {
    for (const auto& service : services) {
      for (const auto& account : accounts) {
        for (const Config& config : configs) {
          const AdminReset answer = admin_reset(caller, service, account, config);
          assert_answer(answer, AdminReset::not_root_on_purpose);
          assert_false(reset_refused(answer));
        }
      }
    }
  }
}

// passwdqc's am_root() rule: the service must be passwd (by default), exactly
// as libpam holds it (lower case).
void root_through_another_service_is_refused(void**) {
  const Config config;
  for (const char* service : {"samba", "usermin", "chpasswd", "sshd", "login", "su", "", "Passwd",
                              "passwd ", "passwd2", "/etc/pam.d/passwd"}) {
    const AdminReset answer = admin_reset(kRoot, service, kAlice, config);
    assert_answer(answer, AdminReset::service_not_listed);
    assert_true(reset_refused(answer));
  }
}

// A name the host's name service did not return: not found, or the lookup
// failed (both come as no uid). Never a reset, whatever the scope says.
void root_for_an_account_the_host_does_not_know_is_refused(void**) {
  Config config;
  assert_answer(admin_reset(kRoot, "passwd", {"ghost", std::nullopt}, config),
                AdminReset::account_unknown);
  config.users.min_uid = 0;
  assert_answer(admin_reset(kRoot, "passwd", {"ghost", std::nullopt}, config),
                AdminReset::account_unknown);
  assert_true(reset_refused(AdminReset::account_unknown));
}

void root_for_an_account_outside_users_is_refused(void**) {
  Config config;
  config.users.ignore = {"backup", "alice"};
  assert_answer(admin_reset(kRoot, "passwd", kAlice, config), AdminReset::account_not_managed);
  assert_answer(admin_reset(kRoot, "passwd", {"Alice", 1000u}, config), AdminReset::allowed);
  assert_answer(admin_reset(kRoot, "passwd", {"daemon", 999u}, Config{}),
                AdminReset::account_not_managed);
  assert_answer(admin_reset(kRoot, "passwd", {"root", 0u}, Config{}),
                AdminReset::account_not_managed);
  Config with_root;
  with_root.users.min_uid = 0;
  assert_answer(admin_reset(kRoot, "passwd", {"root", 0u}, with_root), AdminReset::allowed);
  assert_true(reset_refused(AdminReset::account_not_managed));
}

// The service is named first: it is what the admin can widen.
void an_unlisted_service_is_the_reason_before_the_account(void**) {
  assert_answer(admin_reset(kRoot, "samba", {"ghost", std::nullopt}, Config{}),
                AdminReset::service_not_listed);
  assert_answer(admin_reset(kRoot, "samba", {"daemon", 1u}, Config{}),
                AdminReset::service_not_listed);
}

void the_admin_widens_or_closes_the_services(void**) {
  Config config;
  assert_true(config.password.admin_reset.services == std::vector<std::string>{"passwd"});
  config.password.admin_reset.services = {"passwd", "samba"};
  assert_answer(admin_reset(kRoot, "samba", kAlice, config), AdminReset::allowed);
  assert_answer(admin_reset(kRoot, "usermin", kAlice, config), AdminReset::service_not_listed);
  // Widening the services never widens the accounts.
  assert_answer(admin_reset(kRoot, "samba", {"ghost", std::nullopt}, config),
                AdminReset::account_unknown);
  config.password.admin_reset.services = {};
  assert_answer(admin_reset(kRoot, "passwd", kAlice, config), AdminReset::service_not_listed);
}

void only_allowed_skips_and_only_roots_refusals_are_refusals(void**) {
  assert_false(reset_refused(AdminReset::allowed));
  assert_false(reset_refused(AdminReset::not_root_on_purpose));
  assert_true(reset_refused(AdminReset::service_not_listed));
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(root_through_passwd_for_a_managed_account_is_the_one_reset),
      cmocka_unit_test(no_other_caller_ever_skips_the_old_password),
      cmocka_unit_test(root_through_another_service_is_refused),
      cmocka_unit_test(root_for_an_account_the_host_does_not_know_is_refused),
      cmocka_unit_test(root_for_an_account_outside_users_is_refused),
      cmocka_unit_test(an_unlisted_service_is_the_reason_before_the_account),
      cmocka_unit_test(the_admin_widens_or_closes_the_services),
      cmocka_unit_test(only_allowed_skips_and_only_roots_refusals_are_refusals),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
