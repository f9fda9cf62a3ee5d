// Assertions on a tenant client's outcome that print its detail on failure: shared by the
// tests against the fake tenant (tenant_fixture.h) and against canned answers.
#pragma once

#include "tenant/client.h"

#include "cmocka_cpp.h"  // last: its macros clash with the C++ library

namespace tenant_test {

inline const char* status_name(pam_idaas::tenant::Status status) {
  using pam_idaas::tenant::Status;
  switch (status) {
    case Status::ok:
      return "ok";
    case Status::rejected:
      return "rejected";
    case Status::unavailable:
      return "unavailable";
    case Status::misconfigured:
      return "misconfigured";
  }
  return "?";
}

inline void expect(const pam_idaas::tenant::Outcome& outcome, pam_idaas::tenant::Status status) {
  if (outcome.status != status) {
    print_message("expected %s, got %s: %s\n", status_name(status), status_name(outcome.status),
                  outcome.detail.c_str());
  }
  assert_int_equal(static_cast<int>(outcome.status), static_cast<int>(status));
}

}  // namespace tenant_test
