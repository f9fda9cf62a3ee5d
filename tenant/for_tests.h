// What only the tests' build of the tenant library has (pam_idaas_tenant_for_tests):
// plain http:// to a loopback address, for the canned servers of the unit
// tests. The shipped library is built without PAM_IDAAS_TEST_TRANSPORT and has
// no such path, so no setting, config key or environment can turn it on.
#pragma once

#ifndef PAM_IDAAS_TEST_TRANSPORT
#error "tenant/for_tests.h is for the tests' build of the tenant library only"
#endif

namespace pam_idaas::tenant::for_tests {

// Off until a test turns it on; applies to transports created afterwards.
void allow_plain_http_loopback(bool allowed);
bool plain_http_loopback_allowed();

}  // namespace pam_idaas::tenant::for_tests
