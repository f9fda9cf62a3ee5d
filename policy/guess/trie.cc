#include "policy/guess/trie.h"

#include <algorithm>

#include "policy/unicode_data.h"

namespace pam_idaas::policy::guess {

const Trie& Trie::words() {
  static const Trie trie(data::kWordAlphabet, data::kWordAlphabetSize, data::kWordAsciiLabels,
                         data::kWordNodes, data::kWordValues);
  return trie;
}

const Trie& Trie::syllables() {
  static const Trie trie(data::kSyllableAlphabet, data::kSyllableAlphabetSize,
                         data::kSyllableAsciiLabels, data::kSyllableNodes, data::kSyllableValues);
  return trie;
}

unsigned Trie::label(char32_t c) const {
  if (c < 128) return ascii_labels_[c];
  const char32_t* end = alphabet_ + alphabet_size_;
  const char32_t* it = std::lower_bound(alphabet_, end, c);
  return it != end && *it == c ? static_cast<unsigned>(it - alphabet_) + 1 : 0;
}

// Children are sorted by label: the root has one for nearly every letter of
// the alphabet, deeper nodes a handful, so a binary search serves both.
Trie::Node Trie::child(Node node, char32_t c) const {
  const unsigned wanted = label(c);
  if (wanted == 0) return kNone;
  Node lo = first_child(node);
  Node hi = first_child(node + 1);
  while (lo < hi) {
    const Node mid = lo + (hi - lo) / 2;
    if (label_of(mid) < wanted) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < first_child(node + 1) && label_of(lo) == wanted ? lo : kNone;
}

}  // namespace pam_idaas::policy::guess
