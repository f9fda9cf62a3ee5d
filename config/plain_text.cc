#include "config/plain_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "base/unicode.h"
#include "base/utf8.h"

namespace pam_idaas::config::detail {

namespace {

// Where byte `at` is, as yaml-cpp marks it (0-based; here the column counts bytes).
YAML::Mark mark_at(std::string_view text, std::size_t at) {
  std::size_t line_begin = 0;
  if (at > 0) {
    const std::size_t newline = text.rfind('\n', at - 1);
    if (newline != std::string_view::npos) line_begin = newline + 1;
  }
  YAML::Mark mark;
  mark.pos = static_cast<int>(at);
  mark.line =
      static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  mark.column = static_cast<int>(at - line_begin);
  return mark;
}

std::string code_point_name(char32_t c) {
  char name[16];
  std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(c));
  return name;
}

bool allowed_control(char32_t c) { return c == U'\t' || c == U'\n' || c == U'\r'; }

// Printable ASCII, tab, line feed and carriage return: most files hold
// nothing else, and these need no decoding. A table: one load a byte.
constexpr auto kPlainBytes = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x7F; ++c) plain[static_cast<std::size_t>(c)] = true;
  plain['\t'] = plain['\n'] = plain['\r'] = true;
  return plain;
}();

struct Scan {
  std::size_t invalid_at = std::string_view::npos;  // first invalid UTF-8 sequence
  std::size_t control_at = std::string_view::npos;  // first refused control character
  char32_t control = 0;
};

// 16 bytes at a time, with GCC's portable vector extension (SSE2 on x86-64,
// plain code where a target has no vectors): a file is mostly such bytes.
using Bytes16 = unsigned char __attribute__((vector_size(16)));
constexpr std::size_t kBlock = sizeof(Bytes16);

// Whether the 16 bytes at `at` are all printable ASCII (0x20 to 0x7E), tab or
// line feed.
bool plain_block(std::string_view text, std::size_t at) {
  Bytes16 b;
  std::memcpy(&b, text.data() + at, kBlock);
  const auto refused = ((b < 0x20) & (b != '\n') & (b != '\t')) | (b >= 0x7F);
  std::uint64_t halves[2];
  std::memcpy(halves, &refused, sizeof halves);
  return (halves[0] | halves[1]) == 0;
}

// One pass; it goes on past a control character, because invalid UTF-8
// anywhere is reported first.
Scan scan(std::string_view text) {
  Scan found;
  std::size_t at = 0;
  while (at < text.size()) {
    if (at + kBlock <= text.size() && plain_block(text, at)) {
      at += kBlock;
      continue;
    }
    if (kPlainBytes[static_cast<unsigned char>(text[at])]) {
      ++at;
      continue;
    }
    const utf8::Step step = utf8::next(text, at);
    if (step.length == 0) {
      found.invalid_at = at;
      return found;
    }
    if (found.control_at == std::string_view::npos && unicode::is_control(step.code_point) &&
        !allowed_control(step.code_point)) {
      found.control_at = at;
      found.control = step.code_point;
    }
    at += step.length;
  }
  return found;
}

}  // namespace

bool check_plain_text(Reader& r, std::string_view text) {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
    r.error(mark_at(text, 0), "", "the file is UTF-16 text; save it as UTF-8");
    return false;
  }
  const Scan found = scan(text);
  if (found.invalid_at != std::string_view::npos) {
    r.error(mark_at(text, found.invalid_at), "",
            "invalid UTF-8 byte sequence; the file must be UTF-8 text");
    return false;
  }
  if (found.control_at == std::string_view::npos) return true;
  const char32_t c = found.control;
  r.error(mark_at(text, found.control_at), "",
          c == 0 ? std::string("NUL byte; the file must be text")
                 : "control character " + code_point_name(c) + "; the file must be text");
  return false;
}

}  // namespace pam_idaas::config::detail
