// Strict UTF-8 (RFC 3629): no overlongs, no surrogates, nothing past U+10FFFF.
#pragma once

#include <cstddef>
#include <string_view>

#include "base/secure_string.h"

namespace pam_idaas::utf8 {

struct Decoded {
  Secret32 text;  // valid only when ok
  bool ok = false;
  std::size_t error_at = 0;  // byte offset of the first invalid sequence
};

Decoded decode(std::string_view bytes);

// The code point at `at`, without allocating; length 0 for an invalid sequence.
struct Step {
  char32_t code_point = 0;
  std::size_t length = 0;
};
Step next(std::string_view bytes, std::size_t at);

void append(Secret& out, char32_t code_point);
Secret encode(std::u32string_view text);

}  // namespace pam_idaas::utf8
