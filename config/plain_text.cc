#include "config/plain_text.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "policy/unicode.h"
#include "policy/utf8.h"

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

}  // namespace

bool check_plain_text(Reader& r, std::string_view text) {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
    r.error(mark_at(text, 0), "", "the file is UTF-16 text; save it as UTF-8");
    return false;
  }
  const policy::utf8::Decoded decoded = policy::utf8::decode(text);
  if (!decoded.ok) {
    r.error(mark_at(text, decoded.error_at), "",
            "invalid UTF-8 byte sequence; the file must be UTF-8 text");
    return false;
  }
  std::size_t at = 0;  // byte offset of the current code point
  for (const char32_t c : decoded.text) {
    if (policy::unicode::is_control(c) && !allowed_control(c)) {
      r.error(mark_at(text, at), "",
              c == 0 ? std::string("NUL byte; the file must be text")
                     : "control character " + code_point_name(c) + "; the file must be text");
      return false;
    }
    at += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return true;
}

}  // namespace pam_idaas::config::detail
