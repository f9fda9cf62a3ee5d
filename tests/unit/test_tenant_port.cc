// The module's tenant::Port (tenant/plugin/client_port.h) over the shipped tenant
// library: the login needs no secret. Apart from test_tenant_login, which
// links the tests' build of the tenant library for its plain-http canned server.
#include "tenant/plugin/client_port.h"
#include "tenant_fixture.h"  // last: it ends with cmocka

using namespace tenant_test;

namespace {

constexpr LoginCaller kNobody{};

// A non-root caller of the PAM module cannot read the secret file.
void port_logs_in_without_a_readable_secret_file(void**) {
  auto s = settings();
  s.client_secret_file = group->dir + "/no-such-secret";
  const auto port = pam_idaas::tenant::connect_to_tenant(s, "");
  const auto alice = port->login("alice", kAlicePassword, kNobody);
  expect(alice.outcome, Status::ok);
  const auto lookup = port->find_user("alice");
  expect(lookup.outcome, Status::misconfigured);
  expect_contains(lookup.outcome.detail, "no-such-secret");
  expect(port->change_password(kAliceId, kAlicePassword, kNewPassword), Status::misconfigured);
  expect(port->reset_password(kAliceId, kNewPassword, true), Status::misconfigured);
  assert_int_equal(fake().count_requests("login"), 1);
  assert_int_equal(fake().requests().size(), 1);
}

}  // namespace

#define TENANT_TEST(name) cmocka_unit_test_setup(name, reset_fake)

int main() {
  const struct CMUnitTest tests[] = {
      TENANT_TEST(port_logs_in_without_a_readable_secret_file),
  };
  return cmocka_run_group_tests(tests, start_fake, stop_fake);
}
