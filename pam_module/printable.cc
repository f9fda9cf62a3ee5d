#include "pam_module/printable.h"

#include <algorithm>

#include "base/unicode.h"
#include "base/utf8.h"

namespace pam_idaas::module {
namespace {

constexpr std::size_t kMaxLength = 256;

// Length of the UTF-8 sequence `lead` starts; 0 for a byte no sequence starts with.
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// Controls (C0, DEL, C1: a terminal acts on U+009B as on ESC [) and the line
// and paragraph separators, which would start a new line in a log viewer.
bool shown_as_is(char32_t c) { return !unicode::is_control(c) && c != U'\u2028' && c != U'\u2029'; }

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(std::min(text.size(), kMaxLength) + 3);
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = sequence_length(static_cast<unsigned char>(text[i]));
    const std::string_view sequence = text.substr(i, length == 0 ? 1 : length);
    const auto decoded = utf8::decode(sequence);
    const bool valid = length != 0 && decoded.ok && decoded.text.size() == 1;
    const std::string_view shown =
        valid && shown_as_is(decoded.text[0]) ? sequence : std::string_view("?");
    if (out.size() + shown.size() > kMaxLength) break;  // never half a character
    out += shown;
    i += valid ? sequence.size() : 1;  // an invalid byte is one '?'
  }
  if (i < text.size()) out += "...";
  return out;
}

}  // namespace pam_idaas::module
