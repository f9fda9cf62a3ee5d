#include "base/text.h"

#include "base/unicode.h"
#include "base/utf8.h"

namespace pam_idaas::text {
namespace {

bool is_line_separator(char32_t c) { return c == U'\u2028' || c == U'\u2029'; }

bool is_continuation(char byte) { return (static_cast<unsigned char>(byte) & 0xC0U) == 0x80U; }

}  // namespace

std::string strip_controls(std::string_view text, const Controls& controls) {
  std::string out;
  // Never more than the input: the copy may hold a secret still to be
  // redacted, and a reallocation would leave pieces of it behind unwiped.
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    const utf8::Step step = utf8::next(text, at);
    if (step.length == 0) {
      if (controls.keep_invalid_bytes) {
        out += text[at];
      } else {
        out += controls.replacement;
      }
      ++at;
      continue;
    }
    const bool control = unicode::is_control(step.code_point) ||
                         (controls.line_separators && is_line_separator(step.code_point));
    if (control) {
      out += controls.replacement;
    } else {
      out += text.substr(at, step.length);
    }
    at += step.length;
  }
  return out;
}

std::size_t character_boundary(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  std::size_t cut = max_bytes;
  while (cut > 0 && is_continuation(text[cut])) --cut;
  return cut;
}

}  // namespace pam_idaas::text
