// cmocka is a C library: its header needs these first.
#pragma once

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>
}
// clang-format on

#include <string>
#include <string_view>

inline std::string as_std_string(std::string_view text) { return std::string(text); }

// Compares any string-like values with a readable failure message.
#define assert_str_eq(actual, expected) \
  assert_string_equal(as_std_string(actual).c_str(), as_std_string(expected).c_str())
