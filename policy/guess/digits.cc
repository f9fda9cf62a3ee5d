#include "policy/guess/matchers.h"

namespace pam_idaas::policy::guess {

void find_digit_runs(const Text& text, Matches& out) {
  const std::u32string_view s = text.folded;
  std::size_t begin = 0;
  while (begin < s.size()) {
    std::size_t end = begin;
    while (end < s.size() && s[end] >= U'0' && s[end] <= U'9') ++end;
    if (end - begin >= 2) {
      out.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
                     static_cast<float>(end - begin), Kind::digits});
    }
    begin = end > begin ? end : begin + 1;
  }
}

}  // namespace pam_idaas::policy::guess
