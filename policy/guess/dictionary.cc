#include "policy/guess/dictionary.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

#include "base/unicode.h"
#include "policy/guess/trie.h"
#include "policy/look_alike.h"

namespace pam_idaas::policy::guess {

namespace {

// Guessing a variant of a word costs about twice the word: once as written,
// once reversed, or with one kind of look-alike character swapped in.
constexpr float kLog10Two = 0.30103f;

bool is_letter(char32_t c) {
  if (c < 128) return (c | 0x20) - U'a' < 26;
  const auto cls = unicode::classify(c);
  return cls == unicode::CharClass::lower || cls == unicode::CharClass::upper;
}

struct LookAlike {
  char32_t shown;
  char32_t letter;
};

constexpr bool is_ascii_letter(char32_t c) { return (c | 0x20) - U'a' < 26; }

// The part of the look-alike table (policy/look_alike.h) where a symbol or a
// digit stands for a letter; several letters for one character ('1': i or l)
// are each tried.
template <typename Visit>
constexpr void for_each_look_alike(Visit visit) {
  for (char32_t shown = 0; shown < 128; ++shown) {
    if (is_ascii_letter(shown)) continue;
    for (const char32_t letter : look_alike::kAscii[shown]) {
      if (is_ascii_letter(letter)) visit(LookAlike{shown, letter});
    }
  }
}

constexpr std::size_t kLookAlikeCount = [] {
  std::size_t count = 0;
  for_each_look_alike([&count](LookAlike) { ++count; });
  return count;
}();

constexpr auto kLookAlikes = [] {
  std::array<LookAlike, kLookAlikeCount> table{};
  std::size_t i = 0;
  for_each_look_alike([&](LookAlike l) { table[i++] = l; });
  return table;
}();
static_assert(std::size(kLookAlikes) <= 32, "one bit each in Step::look_alikes");

// For each ASCII character, the indexes in kLookAlikes of its readings, plus one.
constexpr auto kLookAlikesOf = [] {
  std::array<std::array<std::uint8_t, 2>, 128> table{};
  for (std::uint8_t i = 0; i < std::size(kLookAlikes); ++i) {
    auto& slots = table[kLookAlikes[i].shown];
    slots[slots[0] == 0 ? 0 : 1] = static_cast<std::uint8_t>(i + 1);
  }
  return table;
}();

// Bounds the branching on look-alikes, which the trie alone keeps small for
// words but not for hostile runs of ambiguous characters ("1!|1!|...").
constexpr std::size_t kMaxSteps = 32;
constexpr std::size_t kStackSize = 2 * kMaxWordLength + 1;
// kMaxLeadingLookAlikes: "1nternet" is a word typed in disguise, "1314" read
// as "lsla" is no word.

struct Step {
  Trie::Node node;
  std::uint8_t length;
  std::uint8_t kinds;         // how many kinds of look-alike are undone
  std::uint8_t leading;       // look-alikes undone before the first letter
  std::uint8_t same;          // identical characters in a row at the end
  bool letter;                // a letter was read as itself
  std::uint32_t look_alikes;  // bit i: kLookAlikes[i] undone
};

// The cheapest reading of each length read from one place: a few at most,
// kept in a short list rather than an array by length to clear every time.
class Found {
 public:
  struct Entry {
    std::uint8_t length;
    bool common;
    bool leet;
    float cost;
  };

  void record(const Trie& trie, const Step& step) {
    if (step.kinds != 0 && !step.letter) return;
    const Entry entry{step.length, trie.is_common_password(step.node), step.kinds != 0,
                      trie.log10_rank(step.node) + kLog10Two * step.kinds};
    for (std::size_t i = 0; i < count_; ++i) {
      if (entries_[i].length != entry.length) continue;
      if (entry.cost < entries_[i].cost) entries_[i] = entry;
      return;
    }
    entries_[count_++] = entry;
  }
  void clear() { count_ = 0; }
  void take(const Found& other) {
    std::copy(other.begin(), other.end(), entries_.begin());
    count_ = other.count_;
  }
  const Entry* begin() const { return entries_.data(); }
  const Entry* end() const { return entries_.data() + count_; }

 private:
  std::array<Entry, kMaxWordLength> entries_;
  std::size_t count_ = 0;
};

Step read_as_itself(const Step& step, Trie::Node next, std::uint8_t same, bool letter) {
  return {next,
          static_cast<std::uint8_t>(step.length + 1),
          step.kinds,
          step.leading,
          same,
          step.letter || letter,
          step.look_alikes};
}

Step read_as_look_alike(const Step& step, Trie::Node next, std::uint8_t same, std::uint8_t index) {
  const std::uint32_t bit = 1u << index;
  const bool new_kind = (step.look_alikes & bit) == 0;
  return {next,
          static_cast<std::uint8_t>(step.length + 1),
          static_cast<std::uint8_t>(step.kinds + (new_kind ? 1 : 0)),
          static_cast<std::uint8_t>(step.leading + (step.letter ? 0 : 1)),
          same,
          step.letter,
          step.look_alikes | bit};
}

// Reads the text from `from` forward, or backward from `from` (exclusive),
// recording every entry of the trie passed on the way. Each character read as
// itself continues the walk at once; its look-alike readings wait on a stack.
// Look-alikes are undone forward only, and a reversed word starts with a
// letter: a word both reversed and disguised, or digits reversed, are guessed
// late (and "4321" is a sequence). A walk stops before kMaxSameInARow + 1
// identical characters: a 4 KiB run of one would make every walk as deep as
// the longest such entry.
template <bool backward>
void walk(std::u32string_view folded, std::size_t from, Found& found) {
  if (backward && !is_letter(folded[from - 1])) return;
  const Trie& trie = Trie::words();
  const std::size_t limit = std::min(backward ? from : folded.size() - from, kMaxWordLength);
  const auto at = [&](std::size_t k) { return backward ? folded[from - 1 - k] : folded[from + k]; };
  // Whether a letter comes soon enough for a look-alike read at `k` to count.
  const auto letter_ahead = [&](std::size_t k) {
    const std::size_t last = std::min(limit, k + kMaxLeadingLookAlikes + 1);
    for (; k < last; ++k) {
      if (is_letter(at(k))) return true;
    }
    return false;
  };
  std::array<Step, kStackSize> stack;
  std::size_t top = 0;
  std::size_t steps = 0;
  stack[top++] = {Trie::kRoot, 0, 0, 0, 0, false, 0};
  while (top > 0) {
    Step step = stack[--top];
    while (step.length < limit && steps < kMaxSteps) {
      const char32_t c = at(step.length);
      const bool repeated = step.length > 0 && at(step.length - 1) == c;
      const auto same = static_cast<std::uint8_t>(repeated ? step.same + 1 : 1);
      if (same > kMaxSameInARow) break;
      ++steps;
      if (!backward && c < 128 && kLookAlikesOf[c][0] != 0 &&
          step.leading < kMaxLeadingLookAlikes && (step.letter || letter_ahead(step.length))) {
        for (const std::uint8_t slot : kLookAlikesOf[c]) {
          if (slot == 0) break;
          const Trie::Node next = trie.child(step.node, kLookAlikes[slot - 1].letter);
          if (next == Trie::kNone) continue;
          stack[top] = read_as_look_alike(step, next, same, slot - 1);
          if (trie.is_entry(next)) found.record(trie, stack[top]);
          ++top;
        }
      }
      const Trie::Node next = trie.child(step.node, c);
      if (next == Trie::kNone) break;
      step = read_as_itself(step, next, same, is_letter(c));
      if (trie.is_entry(next)) found.record(trie, step);
    }
  }
}

bool is_palindrome(std::u32string_view piece) {
  return std::equal(piece.begin(), piece.begin() + piece.size() / 2, piece.rbegin());
}

void report(const Text& text, std::size_t from, bool backward, const Found& found, Matches& out) {
  for (const Found::Entry& entry : found) {
    const std::size_t length = entry.length;
    if (length < kMinWordLength && length != text.folded.size()) continue;
    const std::size_t begin = backward ? from - length : from;
    // Read backward, a palindrome is the same word already found forward.
    if (backward && is_palindrome(text.folded.substr(begin, length))) continue;
    Match match;
    match.begin = static_cast<std::uint32_t>(begin);
    match.end = static_cast<std::uint32_t>(begin + length);
    match.log10_guesses = entry.cost + (backward ? kLog10Two : 0.0f);
    match.kind = entry.common ? Kind::common_password : Kind::word;
    match.reversed = backward;
    match.leet = entry.leet;
    out.push_back(match);
  }
}

// A periodic password ("anananan...", "aaaa...") would have every walk read
// what the walk kPeriod places before read: such a walk is not done again,
// its findings are taken over. Walks read at most kMaxWordLength characters.
constexpr std::size_t kMaxPeriod = 3;

// Whether the kMaxWordLength characters at `at` (forward, or backward
// before `at`) are those `period` places earlier in reading order.
bool repeats(std::u32string_view folded, std::size_t at, std::size_t period, bool backward) {
  if (backward) {
    if (at < kMaxWordLength || at + period > folded.size()) return false;
    if (folded[at - 1] != folded[at - 1 + period]) return false;  // most places
    return std::equal(folded.begin() + static_cast<std::ptrdiff_t>(at - kMaxWordLength),
                      folded.begin() + static_cast<std::ptrdiff_t>(at),
                      folded.begin() + static_cast<std::ptrdiff_t>(at - kMaxWordLength + period));
  }
  if (at < period || folded.size() - at < kMaxWordLength) return false;
  if (folded[at] != folded[at - period]) return false;  // most places
  return std::equal(folded.begin() + static_cast<std::ptrdiff_t>(at),
                    folded.begin() + static_cast<std::ptrdiff_t>(at + kMaxWordLength),
                    folded.begin() + static_cast<std::ptrdiff_t>(at - period));
}

// Walks from each place in reading order (`places` of them; place i starts at
// `start(i)`), reporting what each finds.
template <bool backward, typename Start>
void walk_all(const Text& text, std::size_t places, Start start, Matches& out) {
  std::array<Found, kMaxPeriod + 1> recent;
  for (std::size_t i = 0; i < places; ++i) {
    const std::size_t from = start(i);
    Found& found = recent[i % recent.size()];
    std::size_t period = 1;
    while (period <= std::min(i, kMaxPeriod) && !repeats(text.folded, from, period, backward)) {
      ++period;
    }
    if (period <= std::min(i, kMaxPeriod)) {
      found.take(recent[(i - period) % recent.size()]);
    } else {
      found.clear();
      walk<backward>(text.folded, from, found);
    }
    report(text, from, backward, found, out);
  }
}

}  // namespace

void find_words(const Text& text, Matches& out) {
  const std::size_t size = text.folded.size();
  walk_all<false>(
      text, size, [](std::size_t i) { return i; }, out);
  walk_all<true>(
      text, size, [size](std::size_t i) { return size - i; }, out);
}

bool inside_longer_word(std::u32string_view folded, std::size_t begin, std::size_t end) {
  if (begin >= end || end > folded.size()) return false;
  const Trie& trie = Trie::words();
  const std::size_t first = end > kMaxWordLength ? end - kMaxWordLength : 0;
  for (std::size_t from = first; from <= begin; ++from) {
    Trie::Node node = Trie::kRoot;
    const std::size_t limit = std::min(folded.size(), from + kMaxWordLength);
    for (std::size_t at = from; at < limit && is_letter(folded[at]); ++at) {
      node = trie.child(node, folded[at]);
      if (node == Trie::kNone) break;
      const bool covers = at + 1 >= end && at + 1 - from > end - begin;
      if (covers && trie.is_entry(node)) return true;
    }
  }
  return false;
}

}  // namespace pam_idaas::policy::guess
