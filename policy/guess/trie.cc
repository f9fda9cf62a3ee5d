#include "policy/guess/trie.h"

#include <algorithm>

#include "policy/word_data.h"

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

Trie::Trie(const char32_t* alphabet, std::size_t alphabet_size, const unsigned char* ascii_labels,
           const std::uint32_t* nodes, const unsigned char* values)
    : alphabet_(alphabet),
      alphabet_size_(alphabet_size),
      ascii_labels_(ascii_labels),
      nodes_(nodes),
      values_(values) {
  row_size_ = alphabet_size_ + 1;
  const Node root_children = first_child(kRoot + 1) - first_child(kRoot);
  near_root_rows_ = root_children + 1;
  near_root_.assign(near_root_rows_ * row_size_, kNone);
  for (Node parent = kRoot; parent <= root_children; ++parent) {
    for (Node child = first_child(parent); child < first_child(parent + 1); ++child) {
      near_root_[parent * row_size_ + label_of(child)] = child;
    }
  }
}

unsigned Trie::label_searched(char32_t c) const {
  const char32_t* end = alphabet_ + alphabet_size_;
  const char32_t* it = std::lower_bound(alphabet_, end, c);
  return it != end && *it == c ? static_cast<unsigned>(it - alphabet_) + 1 : 0;
}

}  // namespace pam_idaas::policy::guess
