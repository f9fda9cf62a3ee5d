// The on-disk breached-password filter: a binary fuse filter (Graf and
// Lemire, "Binary Fuse Filters: Fast and Smaller Than Xor Filters", 2022)
// with 16-bit fingerprints over one digest per password. Three fingerprints,
// one in each of three consecutive segments, XOR to the key's own: ~18 bits
// per entry and a false-positive rate of 2^-16. Shared by the reader and the
// builder, so both place a key the same way.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pam_idaas::policy::breach_filter {

// What the filter's keys are digests of: what the published corpora use.
enum class KeyType : std::uint32_t {
  sha1 = 1,  // SHA-1 of the password's UTF-8 bytes (as in HIBP's SHA-1 list)
  ntlm = 2,  // MD4 of the password in UTF-16LE (as in HIBP's NTLM list)
};

inline constexpr char kMagic[8] = {'P', 'I', 'D', 'F', 'I', 'L', 'T', '\0'};
inline constexpr std::uint32_t kVersion = 1;
inline constexpr std::uint32_t kMaxSegmentLength = 1u << 18;

// Little-endian, 64 bytes, followed by the fingerprints (uint16, little-endian).
struct Header {
  char magic[8];
  std::uint32_t version;
  std::uint32_t key_type;
  std::uint64_t seed;
  std::uint64_t entries;
  std::uint32_t segment_length;  // a power of two
  std::uint32_t segment_count;
  std::uint64_t fingerprint_count;  // (segment_count + 2) * segment_length
  std::uint64_t body_checksum;      // checksum() of the fingerprints
  std::uint64_t header_checksum;    // checksum() of the 56 bytes above
};
static_assert(sizeof(Header) == 64);
// The file is read and written with memcpy: little-endian hosts only.
static_assert(std::endian::native == std::endian::little);
inline constexpr std::size_t kHeaderChecksummed = offsetof(Header, header_checksum);

// The murmur3 finalizer: spreads the key and the seed over all 64 bits.
constexpr std::uint64_t mix(std::uint64_t key, std::uint64_t seed) {
  std::uint64_t h = key + seed;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// The key of a digest (at least 8 bytes): its first 8 bytes, little-endian.
inline std::uint64_t key_of_digest(std::string_view digest) {
  std::uint64_t key = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    key |= std::uint64_t{static_cast<unsigned char>(digest[i])} << (8 * i);
  }
  return key;
}

constexpr std::uint16_t fingerprint(std::uint64_t hash) {
  return static_cast<std::uint16_t>(hash ^ (hash >> 32));
}

struct Geometry {
  std::uint32_t segment_length = 0;
  std::uint32_t segment_count = 0;
  std::uint64_t fingerprint_count() const {
    return (std::uint64_t{segment_count} + 2) * segment_length;
  }
};

// The high half of a 64 x 64-bit product: a fair map of a hash onto a range.
__extension__ typedef unsigned __int128 Product;  // a GCC/Clang extension, named once
inline std::uint64_t high_bits(std::uint64_t a, std::uint64_t b) {
  return static_cast<std::uint64_t>((static_cast<Product>(a) * b) >> 64);
}

struct Slots {
  std::uint64_t at[3];
};

// The three slots of `hash`: the first segment from the high bits, the other
// two in the next segments at offsets from the low bits.
inline Slots slots(std::uint64_t hash, const Geometry& g) {
  const std::uint64_t span = std::uint64_t{g.segment_count} * g.segment_length;
  const std::uint64_t first = high_bits(hash, span);
  const std::uint64_t mask = g.segment_length - 1;
  Slots s;
  s.at[0] = first;
  s.at[1] = (first + g.segment_length) ^ ((hash >> 18) & mask);
  s.at[2] = (first + 2 * std::uint64_t{g.segment_length}) ^ (hash & mask);
  return s;
}

// A fast 64-bit checksum over bytes (detects corruption; not a MAC).
std::uint64_t checksum(std::string_view bytes);

// The header's geometry for `entries` keys (entries >= 1).
Geometry geometry_for(std::uint64_t entries);

}  // namespace pam_idaas::policy::breach_filter
