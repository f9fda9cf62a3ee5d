#include "policy/guess/trie.h"

#include <algorithm>

#include "policy/word_data.h"

namespace pam_idaas::policy::guess {

const Trie& Trie::words() {
  static const Trie trie({data::kWordAlphabet, data::kWordAlphabetSize, data::kWordAsciiLabels,
                          data::kWordNodes, data::kWordValues, data::kWordNearRoot,
                          data::kWordNearRootSize});
  return trie;
}

const Trie& Trie::syllables() {
  static const Trie trie({data::kSyllableAlphabet, data::kSyllableAlphabetSize,
                          data::kSyllableAsciiLabels, data::kSyllableNodes, data::kSyllableValues,
                          data::kSyllableNearRoot, data::kSyllableNearRootSize});
  return trie;
}

unsigned Trie::label_searched(char32_t c) const {
  const char32_t* end = alphabet_ + alphabet_size_;
  const char32_t* it = std::lower_bound(alphabet_, end, c);
  return it != end && *it == c ? static_cast<unsigned>(it - alphabet_) + 1 : 0;
}

}  // namespace pam_idaas::policy::guess
