#include "policy/needle.h"

#include <algorithm>

#include "policy/look_alike.h"

namespace pam_idaas::policy {

void Needles::add(std::u32string_view folded) {
  const std::size_t number = count_++;
  const std::size_t length = std::min(folded.size(), kMaxLength);
  if (length == 0) return;
  if (packs_.empty() || packs_.back().used + length > 64) packs_.emplace_back();
  Pack& pack = packs_.back();
  const unsigned first = pack.used;
  pack.used += static_cast<unsigned>(length);
  pack.starts |= std::uint64_t{1} << first;
  pack.ends.emplace_back(std::uint64_t{1} << (first + length - 1), number);
  for (std::size_t i = 0; i < length; ++i) {
    const char32_t wanted = folded[i];
    const std::uint64_t bit = std::uint64_t{1} << (first + i);
    for (const char32_t c : look_alike::written_as(wanted)) pack.ascii[c] |= bit;
    if (wanted < 128) {
      pack.ascii[wanted] |= bit;
      continue;
    }
    auto it = std::find_if(pack.other.begin(), pack.other.end(),
                           [wanted](const auto& e) { return e.first == wanted; });
    if (it == pack.other.end()) {
      pack.other.emplace_back(wanted, bit);
    } else {
      it->second |= bit;
    }
  }
}

std::uint64_t Needles::Pack::mask(char32_t c) const {
  if (c < 128) return ascii[c];
  for (const auto& [character, bits] : other) {
    if (character == c) return bits;
  }
  return 0;
}

std::size_t Needles::first_found(std::u32string_view text) const {
  std::size_t best = kNone;
  for (const Pack& pack : packs_) {
    std::uint64_t state = 0, seen = 0;
    for (const char32_t c : text) {
      // Bit i: a needle's characters up to the one at bit i end here. A
      // needle's last bit shifts into the next one's first, which is set anyway.
      const std::uint64_t advanced = ((state << 1) | pack.starts) & pack.mask(c);
      // A separator inside a needle keeps its partial matches alive.
      state = look_alike::is_separator(c) ? advanced | state : advanced;
      seen |= state;
    }
    for (const auto& [bit, number] : pack.ends) {
      if ((seen & bit) != 0) best = std::min(best, number);
    }
  }
  return best;
}

}  // namespace pam_idaas::policy
