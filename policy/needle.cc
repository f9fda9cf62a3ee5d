#include "policy/needle.h"

#include <algorithm>

#include "policy/look_alike.h"

namespace pam_idaas::policy {

Needle::Needle(std::u32string_view folded) {
  length_ = std::min(folded.size(), kMaxLength);
  for (std::size_t i = 0; i < length_; ++i) {
    const char32_t c = folded[i];
    const std::uint64_t bit = std::uint64_t{1} << i;
    if (c < 128) {
      ascii_[c] |= bit;
      continue;
    }
    auto it = std::find_if(other_.begin(), other_.end(), [c](const auto& e) { return e.first == c; });
    if (it == other_.end()) {
      other_.emplace_back(c, bit);
    } else {
      it->second |= bit;
    }
  }
}

std::uint64_t Needle::mask(char32_t c) const {
  if (c < 128) return ascii_[c];
  for (const auto& [character, bits] : other_) {
    if (character == c) return bits;
  }
  return 0;
}

std::uint64_t Needle::disguised_mask(char32_t c) const {
  std::uint64_t bits = mask(c);
  for (char32_t stands_for : look_alike::stands_for(c)) bits |= mask(stands_for);
  return bits;
}

bool Needle::found_in(std::u32string_view text, bool disguised) const {
  if (length_ == 0) return false;
  const std::uint64_t last = std::uint64_t{1} << (length_ - 1);
  // Bit i of `state`: the needle's first i + 1 characters end here.
  std::uint64_t state = 0;
  for (const char32_t c : text) {
    const std::uint64_t advanced = ((state << 1) | 1) & (disguised ? disguised_mask(c) : mask(c));
    // A separator inside the needle keeps the partial matches alive.
    const bool skipped = disguised && state != 0 && look_alike::is_separator(c);
    state = advanced | (skipped ? state : 0);
    if (state & last) return true;
  }
  return false;
}

}  // namespace pam_idaas::policy
