#include "policy/guess/estimate.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "policy/guess/matchers.h"
#include "policy/guess/search.h"

namespace pam_idaas::policy::guess {

namespace {

// Repeated blocks are estimated on their own (without looking for repeats
// inside them), this many per password: the bound keeps hostile input linear.
constexpr unsigned kMaxDepth = 1;
constexpr std::size_t kMaxRepeats = 32;

// Whether every way of writing a long text costs at least the ceiling: it
// would take more pieces than stay under it, unless one walk, sequence or
// repeat covers all but `parts - 1` short pieces (kLongestOtherPiece at
// most). So 4 KiB of random text costs the search nothing.
bool beyond_reach(std::size_t length, const Matches& patterns, const std::vector<Repeat>& repeats,
                  unsigned parts) {
  const std::size_t short_pieces = (parts - 1) * kLongestOtherPiece;
  if (length <= parts * kLongestOtherPiece) return false;
  std::size_t longest = 0;
  for (const Match& m : patterns) longest = std::max<std::size_t>(longest, m.end - m.begin);
  for (const Repeat& r : repeats) longest = std::max<std::size_t>(longest, r.block * r.count);
  return longest + short_pieces < length;
}

// Where the dictionary's pieces can be in such a long text's decomposition
// under the ceiling: next to the text's ends or to a long walk, sequence or
// repeat, within the short pieces' reach. On 4 KiB of a repeated word the
// dictionary reads a few hundred characters, not 4096.
std::vector<std::pair<std::size_t, std::size_t>> dictionary_windows(
    std::size_t length, const Matches& patterns, const std::vector<Repeat>& repeats,
    unsigned parts) {
  const std::size_t reach = (parts - 1) * kLongestOtherPiece;
  if (length <= parts * kLongestOtherPiece) return {{0, length}};
  std::vector<std::size_t> ends = {0, length};
  for (const Match& m : patterns) {
    if (m.end - m.begin > kLongestOtherPiece) ends.insert(ends.end(), {m.begin, m.end});
  }
  for (const Repeat& r : repeats) {
    if (r.block * r.count > kLongestOtherPiece)
      ends.insert(ends.end(), {r.begin, r.begin + r.block * r.count});
  }
  std::sort(ends.begin(), ends.end());
  std::vector<std::pair<std::size_t, std::size_t>> windows;
  for (std::size_t at : ends) {
    const std::size_t from = at > reach ? at - reach : 0;
    const std::size_t to = std::min(length, at + reach);
    if (!windows.empty() && from <= windows.back().second) {
      windows.back().second = std::max(windows.back().second, to);
    } else {
      windows.emplace_back(from, to);
    }
  }
  return windows;
}

}  // namespace

std::optional<Matches> Estimator::matches(const Text& text, double ceiling_log10,
                                          unsigned depth) const {
  const unsigned parts = ceiling_of(ceiling_log10).parts;
  // Room for a typical password's pieces at once: regrowing costs more than
  // the matchers.
  Matches found;
  found.reserve(4 * text.original.size() + 16);
  find_keyboard_walks(text, found);
  find_sequences(text, found);
  std::vector<Repeat> repeats;
  repeats.reserve(16);
  find_repeats(text, repeats);
  if (depth == 0 && beyond_reach(text.original.size(), found, repeats, parts)) return std::nullopt;
  find_dates(text, found);
  find_digit_runs(text, found);
  add_dictionary(text, dictionary_windows(text.original.size(), found, repeats, parts), found);
  if (depth < kMaxDepth) add_repeats(text, repeats, ceiling_log10, depth, found);
  return found;
}

void Estimator::add_dictionary(const Text& text, const Windows& windows, Matches& out) const {
  for (const auto& [from, to] : windows) {
    const Text window{text.original.substr(from, to - from), text.folded.substr(from, to - from)};
    const std::size_t first = out.size();
    for (Finder find : dictionaries_) find(window, out);
    for (std::size_t i = first; i < out.size(); ++i) {
      out[i].begin += static_cast<std::uint32_t>(from);
      out[i].end += static_cast<std::uint32_t>(from);
    }
  }
}

void Estimator::add_repeats(const Text& text, const std::vector<Repeat>& repeats,
                            double ceiling_log10, unsigned depth, Matches& out) const {
  std::size_t estimated = 0;
  const Repeat* estimated_run = nullptr;  // the run whose block was estimated last
  double block_guesses = 0;
  for (const Repeat& r : repeats) {
    // A run found again from a later place in its first block (repeat.cc)
    // costs what its block does: a rotation is guessed as easily.
    const bool same_run = estimated_run != nullptr && r.block == estimated_run->block &&
                          r.begin > estimated_run->begin &&
                          r.begin < estimated_run->begin + r.block;
    if (r.block == 1) {
      block_guesses = log10_class_size(class_of(text.original[r.begin]));
    } else if (!same_run) {
      if (++estimated > kMaxRepeats) continue;
      estimated_run = &r;
      const Text block{text.original.substr(r.begin, r.block),
                       text.folded.substr(r.begin, r.block)};
      block_guesses = estimate(block, ceiling_log10, depth + 1).log10_guesses;
    }
    out.push_back({r.begin, r.begin + r.block * r.count,
                   static_cast<float>(block_guesses + std::log10(static_cast<double>(r.count))),
                   Kind::repeated_block});
  }
}

Estimate Estimator::estimate(const Text& text, double ceiling_log10) const {
  return estimate(text, ceiling_log10, 0);
}

Estimate Estimator::estimate(const Text& text, double ceiling_log10, unsigned depth) const {
  if (text.original.empty()) return {};
  const Ceiling ceiling = ceiling_of(ceiling_log10);
  std::optional<Matches> found = matches(text, ceiling.log10, depth);
  if (!found) return beyond(text.original.size(), ceiling);
  return cheapest(std::move(*found), classes_of(text.original), ceiling);
}

}  // namespace pam_idaas::policy::guess
