// A breached-password lookup allocates nothing, in our code or in libcrypto:
// the filter's promise (O(1), no allocation), and what keeps it at a fraction
// of a microsecond. Every libcrypto allocation and every operator new of the
// process is counted; the first test proves the counter sees one.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "cli/breach_filter_build.h"
#include "cmocka_cpp.h"
#include "policy/breach_filter.h"
#include "policy/password_digest.h"

using namespace pam_idaas::policy;
using breach_filter::KeyType;

namespace {

unsigned long allocations = 0;

void* counted_malloc(std::size_t size, const char*, int) {
  ++allocations;
  return std::malloc(size);
}
void* counted_realloc(void* p, std::size_t size, const char*, int) {
  ++allocations;
  return std::realloc(p, size);
}
void counted_free(void* p, const char*, int) { std::free(p); }

std::string filter_of(std::vector<std::string> passwords, KeyType type) {
  std::vector<std::uint64_t> keys;
  for (const auto& p : passwords) {
    keys.push_back(breach_filter::key_of_digest(PasswordDigest(p, type).view()));
  }
  return breach_filter::filter_bytes(keys, type);
}

void the_counter_sees_a_libcrypto_allocation(void**) {
  unsigned char md[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>("warm"), 4, md);  // one-time provider setup
  allocations = 0;
  // OpenSSL 3's one-shot SHA1() allocates a context per call: what the
  // filter used to do.
  SHA1(reinterpret_cast<const unsigned char*>("password"), 8, md);
  assert_true(allocations > 0);
  allocations = 0;
  std::string grown;
  grown.resize(1000);
  assert_true(allocations > 0);
}

void lookups_allocate_nothing(void**) {
  for (const KeyType type : {KeyType::sha1, KeyType::ntlm}) {
    const std::string bytes = filter_of({"password", "123456", "密码2024"}, type);
    const BreachFilter filter = BreachFilter::over(bytes, "test.filter");
    const std::string long_one(4096, 'x');
    assert_true(filter.contains("password"));  // also any one-time setup
    allocations = 0;
    assert_true(filter.contains("password"));
    assert_true(filter.contains("密码2024"));
    assert_false(filter.contains("Tr0ub4dor&3zQ"));
    assert_false(filter.contains(long_one));
    assert_int_equal(allocations, 0);
  }
}

}  // namespace

void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

int main() {
  // Before libcrypto allocates anything: it refuses a change afterwards.
  if (CRYPTO_set_mem_functions(counted_malloc, counted_realloc, counted_free) != 1) return 1;
  const CMUnitTest tests[] = {
      cmocka_unit_test(the_counter_sees_a_libcrypto_allocation),
      cmocka_unit_test(lookups_allocate_nothing),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
