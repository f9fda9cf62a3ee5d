#include "cli/masking.h"

#include <algorithm>
#include <cstddef>

namespace pam_idaas::cli {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The length in bytes of the UTF-8 character `text` starts with (a stray
// continuation byte counts as one), so that a Chinese local part is not cut.
std::size_t first_character_bytes(std::string_view text) {
  if (text.empty()) return 0;
  std::size_t n = 1;
  while (n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) ++n;
  return n;
}

}  // namespace

std::string mask_mobile(std::string_view mobile) {
  const auto digits = static_cast<std::size_t>(std::count_if(mobile.begin(), mobile.end(), is_digit));
  const std::size_t hidden = std::min(digits, std::max<std::size_t>(4, digits > 7 ? digits - 7 : 0));
  const std::size_t visible = digits - hidden;
  const std::size_t last = std::min<std::size_t>(4, visible);
  const std::size_t first = visible - last;
  std::string out(mobile);
  std::size_t index = 0;  // of the digit among the digits
  for (char& c : out) {
    if (!is_digit(c)) continue;
    if (index >= first && index < first + hidden) c = '*';
    ++index;
  }
  return out;
}

std::string mask_email(std::string_view email) {
  if (email.empty()) return {};
  const auto at = email.rfind('@');
  const std::string_view local = email.substr(0, at);
  std::string out(local.substr(0, first_character_bytes(local)));
  out += "***";
  if (at != std::string_view::npos) out += email.substr(at);
  return out;
}

}  // namespace pam_idaas::cli
