// Read-only access to the generated tries of built-in words and Pinyin
// syllables (layout in policy/unicode_data.h): a walk moves one code point at
// a time, so a matcher finds every entry starting at a place in one pass.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pam_idaas::policy::guess {

class Trie {
 public:
  using Node = std::uint32_t;
  static constexpr Node kRoot = 0;
  static constexpr Node kNone = 0xFFFFFFFF;

  // The built-in words: common passwords, English words, names, diceware words.
  static const Trie& words();
  // Toneless Pinyin syllables ranked by frequency.
  static const Trie& syllables();

  // The node reached from `node` by `c`, kNone when no entry continues so.
  Node child(Node node, char32_t c) const;

  // Whether an entry ends at `node`, whether it is on the common-password list,
  // and log10 of its best rank.
  bool is_entry(Node node) const { return values_[node] != 0; }
  bool is_common_password(Node node) const { return (values_[node] & 0x80) != 0; }
  float log10_rank(Node node) const { return static_cast<float>((values_[node] & 0x7F) - 1) / 20; }

  Trie(const char32_t* alphabet, std::size_t alphabet_size, const unsigned char* ascii_labels,
       const std::uint32_t* nodes, const unsigned char* values)
      : alphabet_(alphabet),
        alphabet_size_(alphabet_size),
        ascii_labels_(ascii_labels),
        nodes_(nodes),
        values_(values) {}

 private:
  unsigned label(char32_t c) const;
  std::uint32_t first_child(Node node) const { return nodes_[node] >> 8; }
  unsigned label_of(Node node) const { return nodes_[node] & 0xFF; }

  const char32_t* alphabet_;
  std::size_t alphabet_size_;
  const unsigned char* ascii_labels_;
  const std::uint32_t* nodes_;
  const unsigned char* values_;
};

}  // namespace pam_idaas::policy::guess
