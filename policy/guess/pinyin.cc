// find_pinyin (declared in dictionary.h): runs of toneless Pinyin syllables,
// each costing the product of its syllables' frequency ranks.
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

#include "policy/guess/dictionary.h"
#include "policy/guess/trie.h"

namespace pam_idaas::policy::guess {

namespace {

constexpr std::size_t kMaxSyllableLength = 6;  // zhuang
constexpr float kNothing = std::numeric_limits<float>::infinity();

// The syllables starting at one place: "zhuang" starts zhu, zhua, zhuan, zhuang.
struct Syllables {
  std::size_t count = 0;
  std::array<std::uint8_t, kMaxSyllableLength> length{};
  std::array<float, kMaxSyllableLength> cost{};
};

Syllables syllables_at(std::u32string_view folded, std::size_t at) {
  const Trie& trie = Trie::syllables();
  Syllables found;
  Trie::Node node = Trie::kRoot;
  const std::size_t limit = std::min(folded.size() - at, kMaxSyllableLength);
  for (std::size_t k = 0; k < limit; ++k) {
    node = trie.child(node, folded[at + k]);
    if (node == Trie::kNone) break;
    if (!trie.is_entry(node)) continue;
    found.length[found.count] = static_cast<std::uint8_t>(k + 1);
    found.cost[found.count] = trie.log10_rank(node);
    ++found.count;
  }
  return found;
}

// The syllables of the places a run from the current start can reach, each
// place looked up once however many runs pass it.
class SyllableWindow {
 public:
  explicit SyllableWindow(std::u32string_view folded) : folded_(folded) { place_.fill(kEmpty); }
  const Syllables& at(std::size_t place) {
    const std::size_t slot = place % kSlots;
    if (place_[slot] != place) {
      syllables_[slot] = syllables_at(folded_, place);
      place_[slot] = place;
    }
    return syllables_[slot];
  }

 private:
  static constexpr std::size_t kSlots = 32;
  static_assert(kSlots > kMaxPinyinRun, "a run never reuses its start's slot");
  static constexpr std::size_t kEmpty = static_cast<std::size_t>(-1);
  std::u32string_view folded_;
  std::array<Syllables, kSlots> syllables_;
  std::array<std::size_t, kSlots> place_;
};

// The cheapest segmentation of every run from `start`: `one` is reached by a
// single syllable, `more` by two or more.
void runs_from(std::size_t start, std::size_t limit, SyllableWindow& window, Matches& out) {
  std::array<float, kMaxPinyinRun + 1> one;
  std::array<float, kMaxPinyinRun + 1> more;
  one.fill(kNothing);
  more.fill(kNothing);
  const Syllables first = window.at(start);
  for (std::size_t i = 0; i < first.count && first.length[i] <= limit; ++i) {
    one[first.length[i]] = first.cost[i];
  }
  for (std::size_t k = 1; k < limit; ++k) {
    const float so_far = std::min(one[k], more[k]);
    if (so_far == kNothing) continue;
    const Syllables& next = window.at(start + k);
    for (std::size_t i = 0; i < next.count && k + next.length[i] <= limit; ++i) {
      float& best = more[k + next.length[i]];
      best = std::min(best, so_far + next.cost[i]);
    }
  }
  std::size_t reported = 0;
  for (std::size_t k = limit; k >= 2 && reported < kMaxPinyinEnds; --k) {
    if (more[k] == kNothing) continue;
    Match match;
    match.begin = static_cast<std::uint32_t>(start);
    match.end = static_cast<std::uint32_t>(start + k);
    match.log10_guesses = more[k];
    match.kind = Kind::pinyin;
    out.push_back(match);
    ++reported;
  }
}

}  // namespace

void find_pinyin(const Text& text, Matches& out) {
  const std::size_t size = text.folded.size();
  SyllableWindow window(text.folded);
  for (std::size_t start = 0; start + 1 < size; ++start) {
    if (window.at(start).count == 0) continue;
    runs_from(start, std::min(size - start, kMaxPinyinRun), window, out);
  }
}

}  // namespace pam_idaas::policy::guess
