#include "policy/unicode.h"

#include <algorithm>
#include <span>

#include "policy/guess/trie.h"
#include "policy/unicode_data.h"
#include "policy/utf8.h"

namespace pam_idaas::policy::unicode {

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

std::string_view blob_entry(const char* text, const std::uint32_t* offsets, std::size_t i) {
  return {text + offsets[i], offsets[i + 1] - offsets[i]};
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

std::string_view pinyin(char32_t c) {
  const std::span<const char32_t> cps(data::kPinyinCodePoints, data::kPinyinCodePointsSize);
  const auto it = std::lower_bound(cps.begin(), cps.end(), c);
  if (it == cps.end() || *it != c) return {};
  return blob_entry(data::kPinyinText, data::kPinyinOffsets,
                    static_cast<std::size_t>(it - cps.begin()));
}

std::size_t common_password_count() { return data::kCommonPasswordCount; }

// The list lives in the trie of built-in words (policy/guess/trie.h), where an
// entry of the list is marked.
bool is_common_password(std::string_view folded_utf8) {
  const guess::Trie& trie = guess::Trie::words();
  guess::Trie::Node node = guess::Trie::kRoot;
  for (std::size_t at = 0; at < folded_utf8.size();) {
    const utf8::Step step = utf8::next(folded_utf8, at);
    if (step.length == 0) return false;
    node = trie.child(node, step.code_point);
    if (node == guess::Trie::kNone) return false;
    at += step.length;
  }
  return node != guess::Trie::kRoot && trie.is_common_password(node);
}

}  // namespace pam_idaas::policy::unicode
