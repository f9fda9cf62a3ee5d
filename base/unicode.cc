#include "base/unicode.h"

#include <algorithm>
#include <span>

#include "base/unicode_data.h"

namespace pam_idaas::unicode {

namespace {

bool in_ranges(const char32_t* flat, std::size_t size, char32_t c) {
  // Pairs [first, last]: find the first pair whose last >= c.
  std::size_t lo = 0;
  std::size_t hi = size / 2;
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (flat[2 * mid + 1] < c) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < size / 2 && flat[2 * lo] <= c;
}

CharClass classify_searched(char32_t c) {
  using namespace data;
  if (in_ranges(kLowerRanges, kLowerRangesSize, c)) return CharClass::lower;
  if (in_ranges(kUpperRanges, kUpperRangesSize, c)) return CharClass::upper;
  if (in_ranges(kDigitRanges, kDigitRangesSize, c)) return CharClass::digit;
  return CharClass::special;
}

// Appends the case folding of `c` to `out`.
void fold_searched(char32_t c, Secret32& out) {
  const std::span<const char32_t> from(data::kFoldFrom, data::kFoldFromSize);
  const auto it = std::lower_bound(from.begin(), from.end(), c);
  if (it == from.end() || *it != c) {
    out.push_back(c);
    return;
  }
  const auto index = static_cast<std::size_t>(it - from.begin());
  for (std::size_t k = 0; k < 3; ++k) {
    const char32_t mapped = data::kFoldTo[3 * index + k];
    if (mapped != 0) out.push_back(mapped);
  }
}

// Folds to several code points: the search appends them all.
constexpr char32_t kFoldsToSeveral = 0xFFFFFFFF;

}  // namespace

CharClass classify(char32_t c) {
  // Most passwords are ASCII: a table built with the others spares the search.
  return c < 128 ? static_cast<CharClass>(data::kAsciiClasses[c]) : classify_searched(c);
}

bool is_caseless_letter(char32_t c) {
  return c >= 128 && in_ranges(data::kCaselessLetterRanges, data::kCaselessLetterRangesSize, c);
}

Secret32 fold(std::u32string_view text) {
  Secret32 out;
  out.reserve(text.size());
  for (char32_t c : text) {
    if (c < 128 && data::kAsciiFolded[c] != kFoldsToSeveral) {
      out.push_back(data::kAsciiFolded[c]);
    } else {
      fold_searched(c, out);
    }
  }
  return out;
}

}  // namespace pam_idaas::unicode
