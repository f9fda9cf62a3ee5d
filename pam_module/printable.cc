#include "pam_module/printable.h"

#include "base/text.h"

namespace pam_idaas::module {
namespace {

constexpr std::size_t kMaxLength = 256;

}  // namespace

std::string printable(std::string_view raw) {
  std::string shown = text::strip_controls(raw);
  if (shown.size() <= kMaxLength) return shown;
  shown.resize(text::character_boundary(shown, kMaxLength));
  return shown + "...";
}

}  // namespace pam_idaas::module
