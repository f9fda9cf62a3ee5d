// Read-only access to the generated tries of built-in words and Pinyin
// syllables (layout in policy/word_data.h): a walk moves one code point at
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

  // The built-in words: common passwords, English words, names, diceware words,
  // Chinese number words.
  static const Trie& words();
  // Toneless Pinyin syllables ranked by frequency.
  static const Trie& syllables();

  // The node reached from `node` by `c`, kNone when no entry continues so.
  Node child(Node node, char32_t c) const {
    const unsigned wanted = label(c);
    if (wanted == 0) return kNone;
    // Breadth-first order numbers the root's children 1..n, right after it.
    if (node < near_root_rows_) return near_root_[node * row_size_ + wanted];
    return search(node, wanted);
  }

  // Whether an entry ends at `node`, whether it is on the common-password list,
  // and log10 of its best rank.
  bool is_entry(Node node) const { return values_[node] != 0; }
  bool is_common_password(Node node) const { return (values_[node] & 0x80) != 0; }
  float log10_rank(Node node) const { return static_cast<float>((values_[node] & 0x7F) - 1) / 20; }

  struct Tables {
    const char32_t* alphabet;
    std::size_t alphabet_size;
    const unsigned char* ascii_labels;
    const std::uint32_t* nodes;
    const unsigned char* values;
    const std::uint32_t* near_root;
    std::size_t near_root_size;
  };
  explicit constexpr Trie(const Tables& t)
      : alphabet_(t.alphabet),
        alphabet_size_(t.alphabet_size),
        ascii_labels_(t.ascii_labels),
        nodes_(t.nodes),
        values_(t.values),
        row_size_(t.alphabet_size + 1),
        near_root_rows_(t.near_root_size / row_size_),
        near_root_(t.near_root) {}

 private:
  unsigned label(char32_t c) const { return c < 128 ? ascii_labels_[c] : label_searched(c); }
  unsigned label_searched(char32_t c) const;
  std::uint32_t first_child(Node node) const { return nodes_[node] >> 8; }
  unsigned label_of(Node node) const { return nodes_[node] & 0xFF; }

  const char32_t* alphabet_;
  std::size_t alphabet_size_;
  const unsigned char* ascii_labels_;
  const std::uint32_t* nodes_;
  const unsigned char* values_;
  // Children are sorted by label: most nodes have a handful, read in a row;
  // more are halved without branches, which a random password defeats.
  Node search(Node node, unsigned wanted) const {
    Node base = first_child(node);
    Node count = first_child(node + 1) - base;
    if (count <= 8) {
      for (const Node end = base + count; base < end; ++base) {
        if (label_of(base) >= wanted) return label_of(base) == wanted ? base : kNone;
      }
      return kNone;
    }
    while (count > 1) {
      const Node half = count / 2;
      base = label_of(base + half) <= wanted ? base + half : base;
      count -= half;
    }
    return label_of(base) == wanted ? base : kNone;
  }

  // Every walk starts at the root and goes on from one of its children: both
  // have dozens of children, looked up in one step instead of searched, in a
  // table generated with the trie. Row 0 holds the root's children by label,
  // row r those of the root's r-th.
  std::size_t row_size_;
  std::size_t near_root_rows_;
  const Node* near_root_;
};

}  // namespace pam_idaas::policy::guess
