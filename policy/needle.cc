#include "policy/needle.h"

#include <algorithm>
#include <bit>

#include "policy/look_alike.h"

namespace pam_idaas::policy {

void Needles::add(std::u32string_view folded, std::size_t min_length) {
  const std::size_t number = count_++;
  const auto letters = static_cast<std::size_t>(
      std::count_if(folded.begin(), folded.end(), [](char32_t c) { return !look_alike::is_separator(c); }));
  const std::size_t length = std::min(letters, kMaxLength);
  if (length == 0 || letters < min_length) return;
  if (packs_.empty() || packs_.back().used + length > 64) packs_.emplace_back();
  Pack& pack = packs_.back();
  const unsigned first = pack.used;
  pack.used += static_cast<unsigned>(length);
  pack.starts |= std::uint64_t{1} << first;
  pack.ends |= std::uint64_t{1} << (first + length - 1);
  pack.number_at[first + length - 1] = number;
  std::size_t i = 0;
  for (const char32_t wanted : folded) {
    if (i == length) break;
    if (look_alike::is_separator(wanted)) continue;
    const std::uint64_t bit = std::uint64_t{1} << (first + i++);
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
    for (std::uint64_t found = seen & pack.ends; found != 0; found &= found - 1) {
      best = std::min(best, pack.number_at[static_cast<std::size_t>(std::countr_zero(found))]);
    }
  }
  return best;
}

}  // namespace pam_idaas::policy
