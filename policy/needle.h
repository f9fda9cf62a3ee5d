// A piece of the user's data (username, email prefix, mobile number) searched
// for inside a password as written or disguised: look-alike characters
// (d@nwei), separators between its characters (138-0013-8000). One pass over
// the text whatever the needle (bit-parallel shift-and), so the search stays
// linear in the password's length.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace pam_idaas::policy {

class Needle {
 public:
  // The shift-and state has one bit per character: a longer needle is
  // searched for by its first kMaxLength characters.
  static constexpr std::size_t kMaxLength = 64;

  // `folded`: case-folded, separators already taken out when it is searched
  // for disguised.
  explicit Needle(std::u32string_view folded);

  bool empty() const { return length_ == 0; }
  std::size_t length() const { return length_; }

  // Whether the case-folded `text` holds the needle; `disguised` also takes
  // look-alike characters for what they stand for and skips separators.
  bool found_in(std::u32string_view text, bool disguised) const;

 private:
  std::uint64_t mask(char32_t c) const;
  std::uint64_t disguised_mask(char32_t c) const;

  std::size_t length_ = 0;
  std::array<std::uint64_t, 128> ascii_{};  // bit i: the needle's character i is this one
  std::vector<std::pair<char32_t, std::uint64_t>> other_;
};

}  // namespace pam_idaas::policy
