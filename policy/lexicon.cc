#include "policy/lexicon.h"

#include <algorithm>
#include <span>

#include "base/utf8.h"
#include "policy/guess/trie.h"
#include "policy/word_data.h"

namespace pam_idaas::policy::lexicon {

std::string_view pinyin(char32_t c) {
  const std::span<const char32_t> cps(data::kPinyinCodePoints, data::kPinyinCodePointsSize);
  const auto it = std::lower_bound(cps.begin(), cps.end(), c);
  if (it == cps.end() || *it != c) return {};
  const auto i = static_cast<std::size_t>(it - cps.begin());
  return {data::kPinyinText + data::kPinyinOffsets[i],
          data::kPinyinOffsets[i + 1] - data::kPinyinOffsets[i]};
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

}  // namespace pam_idaas::policy::lexicon
