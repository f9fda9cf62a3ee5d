#include "tenant/for_tests.h"

#include <atomic>

namespace pam_idaas::tenant::for_tests {

namespace {
std::atomic<bool> plain_http_loopback{false};
}

void allow_plain_http_loopback(bool allowed) { plain_http_loopback = allowed; }

bool plain_http_loopback_allowed() { return plain_http_loopback; }

}  // namespace pam_idaas::tenant::for_tests
