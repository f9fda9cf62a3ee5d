#include "policy/guess/dictionary.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <iterator>
#include <limits>

#include "policy/guess/trie.h"
#include "policy/unicode.h"

namespace pam_idaas::policy::guess {

namespace {

// Guessing a variant of a word costs about twice the word: once as written,
// once reversed, or with one kind of look-alike character swapped in.
constexpr float kLog10Two = 0.30103f;

bool is_letter(char32_t c) {
  const auto cls = unicode::classify(c);
  return cls == unicode::CharClass::lower || cls == unicode::CharClass::upper;
}

struct LookAlike {
  char32_t shown;
  char32_t letter;
};

// Several letters for one character ('1': i or l) are each tried.
constexpr LookAlike kLookAlikes[] = {
    {U'@', U'a'}, {U'4', U'a'}, {U'3', U'e'}, {U'1', U'i'}, {U'1', U'l'}, {U'!', U'i'},
    {U'!', U'l'}, {U'|', U'i'}, {U'|', U'l'}, {U'0', U'o'}, {U'$', U's'}, {U'5', U's'},
    {U'7', U't'}, {U'+', U't'}, {U'8', U'b'}, {U'9', U'g'}, {U'6', U'g'}, {U'2', U'z'},
};
static_assert(std::size(kLookAlikes) <= 32, "one bit each in Step::look_alikes");

// Bounds the branching on look-alikes: a deep walk is at most a few dozen
// steps; a hostile run of ambiguous characters stops here.
constexpr std::size_t kMaxSteps = 256;
constexpr std::size_t kStackSize = 3 * kMaxWordLength + 1;

struct Step {
  Trie::Node node;
  std::uint32_t length;
  std::uint32_t look_alikes;  // bit i: kLookAlikes[i] undone on the way
  bool letter;                // a letter read as itself on the way
};

// The cheapest reading of each length read from one place.
class Found {
 public:
  Found() { cost_.fill(kNothing); }
  // A reading made only of look-alikes ("1314" as "lsla") is no word anybody
  // typed: only digits and symbols read as what they are.
  void record(const Trie& trie, const Step& step) {
    if (step.look_alikes != 0 && !step.letter) return;
    const float cost = trie.log10_rank(step.node) +
                       kLog10Two * static_cast<float>(std::popcount(step.look_alikes));
    if (cost >= cost_[step.length]) return;
    cost_[step.length] = cost;
    common_[step.length] = trie.is_common_password(step.node);
    leet_[step.length] = step.look_alikes != 0;
  }
  bool has(std::size_t length) const { return cost_[length] != kNothing; }
  float cost(std::size_t length) const { return cost_[length]; }
  bool common(std::size_t length) const { return common_[length]; }
  bool leet(std::size_t length) const { return leet_[length]; }

 private:
  static constexpr float kNothing = std::numeric_limits<float>::infinity();
  std::array<float, kMaxWordLength + 1> cost_;
  std::array<bool, kMaxWordLength + 1> common_{};
  std::array<bool, kMaxWordLength + 1> leet_{};
};

// Reads the text from `from` forward, or backward from `from` (exclusive),
// recording every entry of the trie passed on the way.
void walk(std::u32string_view folded, std::size_t from, bool backward, Found& found) {
  const Trie& trie = Trie::words();
  const std::size_t limit = std::min(backward ? from : folded.size() - from, kMaxWordLength);
  std::array<Step, kStackSize> stack;
  std::size_t top = 0;
  std::size_t steps = 0;
  stack[top++] = {Trie::kRoot, 0, 0, false};
  while (top > 0) {
    const Step step = stack[--top];
    if (step.length > 0 && trie.is_entry(step.node)) found.record(trie, step);
    if (step.length == limit) continue;
    const char32_t c = backward ? folded[from - 1 - step.length] : folded[from + step.length];
    const auto go = [&](char32_t letter, std::uint32_t look_alikes, bool as_itself) {
      const Trie::Node next = trie.child(step.node, letter);
      if (next == Trie::kNone || top == stack.size() || steps == kMaxSteps) return;
      ++steps;
      stack[top++] = {next, step.length + 1, look_alikes, step.letter || as_itself};
    };
    go(c, step.look_alikes, is_letter(c));
    if (c >= 128) continue;
    for (std::uint32_t i = 0; i < std::size(kLookAlikes); ++i) {
      if (kLookAlikes[i].shown == c) go(kLookAlikes[i].letter, step.look_alikes | 1u << i, false);
    }
  }
}

bool is_palindrome(std::u32string_view piece) {
  return std::equal(piece.begin(), piece.begin() + piece.size() / 2, piece.rbegin());
}

void report(const Text& text, std::size_t from, bool backward, const Found& found,
            Matches& out) {
  for (std::size_t length = 1; length <= kMaxWordLength; ++length) {
    if (!found.has(length)) continue;
    if (length < kMinWordLength && length != text.folded.size()) continue;
    const std::size_t begin = backward ? from - length : from;
    // Read backward, a palindrome is the same word already found forward.
    if (backward && is_palindrome(text.folded.substr(begin, length))) continue;
    Match match;
    match.begin = static_cast<std::uint32_t>(begin);
    match.end = static_cast<std::uint32_t>(begin + length);
    match.log10_guesses = found.cost(length) + (backward ? kLog10Two : 0.0f);
    match.kind = found.common(length) ? Kind::common_password : Kind::word;
    match.reversed = backward;
    match.leet = found.leet(length);
    out.push_back(match);
  }
}

}  // namespace

void find_words(const Text& text, Matches& out) {
  const std::size_t size = text.folded.size();
  for (std::size_t from = 0; from < size; ++from) {
    Found found;
    walk(text.folded, from, false, found);
    report(text, from, false, found, out);
  }
  for (std::size_t from = size; from > 0; --from) {
    Found found;
    walk(text.folded, from, true, found);
    report(text, from, true, found, out);
  }
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
