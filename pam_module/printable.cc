#include "pam_module/printable.h"

namespace pam_idaas::module {
namespace {

constexpr std::size_t kMaxLength = 256;

}  // namespace

std::string printable(std::string_view text) {
  const bool cut = text.size() > kMaxLength;
  if (cut) text = text.substr(0, kMaxLength);
  std::string out;
  out.reserve(text.size() + 3);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(byte < 0x20 || byte == 0x7f ? '?' : c);
  }
  if (cut) out += "...";
  return out;
}

}  // namespace pam_idaas::module
