#include "policy/breach_filter_format.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace pam_idaas::policy::breach_filter {

std::uint64_t checksum(std::string_view bytes) {
  constexpr std::uint64_t kPrime = 0x9E3779B97F4A7C15ULL;
  std::uint64_t h = bytes.size() * kPrime;
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    h = (h ^ word) * kPrime;
    h ^= h >> 29;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
  return mix(h ^ tail, kPrime);
}

// The parameters the paper gives for three-wise filters: segments grow with
// the set, and small sets need relatively more slots to peel.
Geometry geometry_for(std::uint64_t entries) {
  const double n = static_cast<double>(std::max<std::uint64_t>(entries, 2));
  const auto exponent = static_cast<int>(std::floor(std::log(n) / std::log(3.33) + 2.25));
  Geometry g;
  g.segment_length = std::min(std::uint32_t{1} << std::clamp(exponent, 2, 18), kMaxSegmentLength);
  const double factor = std::max(1.125, 0.875 + 0.25 * std::log(1e6) / std::log(n));
  const auto capacity = static_cast<std::uint64_t>(std::llround(n * factor));
  const std::uint64_t segments = (capacity + g.segment_length - 1) / g.segment_length;
  g.segment_count = static_cast<std::uint32_t>(segments > 3 ? segments - 2 : 1);
  return g;
}

}  // namespace pam_idaas::policy::breach_filter
