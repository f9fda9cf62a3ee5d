// find_pinyin (declared in dictionary.h): runs of toneless Pinyin syllables,
// each costing the product of its syllables' frequency ranks.
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <utility>

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

// The cheapest cost of the runs from one start by their length, valid in
// [lo, hi] only: each syllable count reaches a narrow band of lengths.
struct Runs {
  std::array<float, kMaxPinyinRun + 1> cost;
  std::size_t lo = kMaxPinyinRun + 1;
  std::size_t hi = 0;

  bool empty() const { return lo > hi; }
  void clear() {
    lo = kMaxPinyinRun + 1;
    hi = 0;
  }
  void offer(std::size_t length, float value) {
    if (empty()) {
      lo = hi = length;
      cost[length] = value;
      return;
    }
    while (hi < length) cost[++hi] = kNothing;
    while (lo > length) cost[--lo] = kNothing;
    cost[length] = std::min(cost[length], value);
  }
  float at(std::size_t length) const { return length >= lo && length <= hi ? cost[length] : kNothing; }
};

// Every run in `reached` with one syllable more, up to `limit` code points.
void extend(const Runs& reached, std::size_t start, std::size_t limit, SyllableWindow& window,
            Runs& next) {
  next.clear();
  for (std::size_t k = reached.lo; k <= reached.hi && k < limit; ++k) {
    if (reached.cost[k] == kNothing) continue;
    const Syllables& here = window.at(start + k);
    for (std::size_t i = 0; i < here.count && k + here.length[i] <= limit; ++i) {
      next.offer(k + here.length[i], reached.cost[k] + here.cost[i]);
    }
  }
}

void report(std::size_t start, std::size_t length, float cost, Matches& out) {
  Match match;
  match.begin = static_cast<std::uint32_t>(start);
  match.end = static_cast<std::uint32_t>(start + length);
  match.log10_guesses = cost;
  match.kind = Kind::pinyin;
  out.push_back(match);
}

// The cheapest segmentation of every run from `start`, one syllable count
// after the other.
void runs_from(std::size_t start, std::size_t limit, SyllableWindow& window, Matches& out) {
  Runs reached;
  Runs next;
  Runs best;
  const Syllables first = window.at(start);
  for (std::size_t i = 0; i < first.count && first.length[i] <= limit; ++i) {
    reached.offer(first.length[i], first.cost[i]);
  }
  for (std::size_t syllables = 2; syllables <= kMaxPinyinSyllables && !reached.empty();
       ++syllables) {
    extend(reached, start, limit, window, next);
    for (std::size_t k = next.lo; k <= next.hi; ++k) {
      if (next.cost[k] != kNothing) best.offer(k, next.cost[k]);
    }
    std::swap(reached, next);
  }
  std::size_t reported = 0;
  for (std::size_t k = best.hi; k >= best.lo && k >= 2 && reported < kMaxPinyinEnds; --k) {
    if (best.cost[k] == kNothing) continue;
    report(start, k, best.cost[k], out);
    ++reported;
  }
}

// A periodic password ("anananan...") would give the runs from each start
// those from kPeriod places before, moved: they are copied, not found again.
constexpr std::size_t kMaxPeriod = 3;

// Where the runs from one start are in `out`.
struct Reported {
  std::size_t first = 0;
  std::size_t count = 0;
};

bool copied_from_before(std::u32string_view folded, std::size_t start,
                        const std::array<Reported, kMaxPeriod + 1>& recent, Matches& out) {
  if (folded.size() - start < kMaxPinyinRun) return false;
  const auto at = folded.begin() + static_cast<std::ptrdiff_t>(start);
  for (std::size_t period = 1; period <= std::min(start, kMaxPeriod); ++period) {
    const auto before = at - static_cast<std::ptrdiff_t>(period);
    if (*at != *before || !std::equal(at, at + kMaxPinyinRun, before)) continue;
    const Reported& earlier = recent[(start - period) % recent.size()];
    for (std::size_t i = 0; i < earlier.count; ++i) {
      Match match = out[earlier.first + i];
      match.begin += static_cast<std::uint32_t>(period);
      match.end += static_cast<std::uint32_t>(period);
      out.push_back(match);
    }
    return true;
  }
  return false;
}

}  // namespace

void find_pinyin(const Text& text, Matches& out) {
  const std::size_t size = text.folded.size();
  SyllableWindow window(text.folded);
  std::array<Reported, kMaxPeriod + 1> recent{};
  for (std::size_t start = 0; start + 1 < size; ++start) {
    const std::size_t first = out.size();
    if (!copied_from_before(text.folded, start, recent, out) && window.at(start).count != 0) {
      runs_from(start, std::min(size - start, kMaxPinyinRun), window, out);
    }
    recent[start % recent.size()] = {first, out.size() - first};
  }
}

}  // namespace pam_idaas::policy::guess
