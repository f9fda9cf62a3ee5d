// cmocka is a C library: its header needs these first.
#pragma once

// clang-format off
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}
// clang-format on

#include <string>
#include <string_view>

// True under PAM_IDAAS_REQUIRE_ALL=1 (.ci/run): a test that cannot run here must fail.
inline bool pam_idaas_require_all() {
  const char* value = getenv("PAM_IDAAS_REQUIRE_ALL");
  return value != nullptr && strcmp(value, "1") == 0;
}

// skip_because(REASON): this test cannot run here (not root, ...). cmocka's skip() with the
// reason printed; under PAM_IDAAS_REQUIRE_ALL=1 a failure with the reason instead. The one
// way a unit test skips (tests/lib/skip.sh is the shell tests' one).
#define skip_because(reason)                                                               \
  do {                                                                                     \
    if (pam_idaas_require_all())                                                           \
      fail_msg("cannot run: %s (PAM_IDAAS_REQUIRE_ALL=1: a test that cannot run fails)", \
               reason);                                                                    \
    print_message("SKIP: %s\n", reason);                                                   \
    skip();                                                                                \
  } while (0)

inline std::string as_std_string(std::string_view text) { return std::string(text); }

// Compares any string-like values with a readable failure message.
#define assert_str_eq(actual, expected) \
  assert_string_equal(as_std_string(actual).c_str(), as_std_string(expected).c_str())
