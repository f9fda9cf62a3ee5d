// The pieces of the user's data (username, email prefix, mobile number)
// searched for inside a password, as written or disguised: look-alike
// characters (d@nwei), separators between their characters (138-0013-8000).
// All of them in one pass over the text (bit-parallel shift-and, the needles
// side by side in 64-bit words), so the search stays linear in the
// password's length whatever the data.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace pam_idaas::policy {

class Needles {
 public:
  // A needle has one bit of state per character: a longer one is searched
  // for by its first kMaxLength characters.
  static constexpr std::size_t kMaxLength = 64;
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  // `folded`: case-folded; its separators are left out. Needles are numbered
  // in the order they are added; one shorter than `min_length` without its
  // separators is never found.
  void add(std::u32string_view folded, std::size_t min_length);

  // The lowest number of the needles the case-folded `text` holds, with
  // look-alike characters taken for what they stand for and separators
  // skipped; kNone when it holds none.
  std::size_t first_found(std::u32string_view text) const;

 private:
  // Needles side by side in one word of state.
  struct Pack {
    std::uint64_t starts = 0;  // each needle's first bit
    std::array<std::uint64_t, 128> ascii{};  // per character: bits of the needles' characters it may be
    std::vector<std::pair<char32_t, std::uint64_t>> other;
    std::uint64_t ends = 0;                  // each needle's last bit
    std::array<std::size_t, 64> number_at{};  // the needle whose last bit is this one
    unsigned used = 0;
    std::uint64_t mask(char32_t c) const;
  };
  std::vector<Pack> packs_;
  std::size_t count_ = 0;
};

}  // namespace pam_idaas::policy
