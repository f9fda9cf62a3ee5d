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

// Printable ASCII needs no decoding: most files are nothing else.
bool printable_ascii(char c) { return c >= 0x20 && c < 0x7F; }

// The byte offset of the first invalid UTF-8 sequence, or npos.
std::size_t first_invalid(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    if (printable_ascii(text[at])) {
      ++at;
      continue;
    }
    const std::size_t length = policy::utf8::next(text, at).length;
    if (length == 0) return at;
    at += length;
  }
  return std::string_view::npos;
}

struct Found {
  std::size_t at = std::string_view::npos;
  char32_t code_point = 0;
};

// The first control character other than tab, line feed and carriage return,
// in text already known to be valid UTF-8.
Found first_control(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    if (printable_ascii(text[at])) {
      ++at;
      continue;
    }
    const policy::utf8::Step step = policy::utf8::next(text, at);
    if (policy::unicode::is_control(step.code_point) && !allowed_control(step.code_point)) {
      return {at, step.code_point};
    }
    at += step.length;
  }
  return {};
}

}  // namespace

bool check_plain_text(Reader& r, std::string_view text) {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
    r.error(mark_at(text, 0), "", "the file is UTF-16 text; save it as UTF-8");
    return false;
  }
  if (const std::size_t bad = first_invalid(text); bad != std::string_view::npos) {
    r.error(mark_at(text, bad), "", "invalid UTF-8 byte sequence; the file must be UTF-8 text");
    return false;
  }
  const Found control = first_control(text);
  if (control.at == std::string_view::npos) return true;
  const char32_t c = control.code_point;
  r.error(mark_at(text, control.at), "",
          c == 0 ? std::string("NUL byte; the file must be text")
                 : "control character " + code_point_name(c) + "; the file must be text");
  return false;
}

}  // namespace pam_idaas::config::detail
