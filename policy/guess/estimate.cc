#include "policy/guess/estimate.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>

#include "policy/guess/capitals.h"
#include "policy/guess/log10.h"
#include "policy/guess/matchers.h"
#include "policy/unicode.h"

namespace pam_idaas::policy::guess {

namespace {

// A sequence of l pieces costs at least 10^(4(l-1)) guesses (zxcvbn's
// additive term), so with the highest threshold (10^30) 9 pieces are never
// cheap enough to matter: the search keeps no more.
constexpr unsigned kMaxParts = 9;
constexpr double kLog10PieceStep = 4;
// Repeated blocks are estimated on their own (without looking for repeats
// inside them), this many per password: the bound keeps hostile input linear.
constexpr unsigned kMaxDepth = 1;
constexpr std::size_t kMaxRepeats = 32;
constexpr float kNever = std::numeric_limits<float>::infinity();

enum Class : unsigned { lower = 1, upper = 2, digit = 4, symbol = 8, other = 16 };

Class class_of(char32_t c) {
  switch (unicode::classify(c)) {
    case unicode::CharClass::lower:
      return lower;
    case unicode::CharClass::upper:
      return upper;
    case unicode::CharClass::digit:
      return digit;
    case unicode::CharClass::special:
      break;
  }
  return c < 0x80 ? symbol : other;
}

double log10_class_size(Class c) {
  switch (c) {
    case lower:
    case upper:
      return std::log10(26.0);
    case digit:
      return 1;
    case symbol:
      return std::log10(33.0);
    case other:
      break;
  }
  return 2;  // a script's common characters
}

std::vector<Class> classes_of(std::u32string_view original) {
  std::vector<Class> classes(original.size());
  for (std::size_t i = 0; i < original.size(); ++i) classes[i] = class_of(original[i]);
  return classes;
}

// zxcvbn's floor: no piece is cheaper than a guesser's smallest unit.
float piece_cost(const Match& m, std::u32string_view original) {
  const std::uint32_t length = m.end - m.begin;
  double cost = m.log10_guesses;
  // A keyboard walk's shifted keys are in its count already, a repeat's
  // block was estimated with its capitals.
  if (m.kind != Kind::keyboard_walk && m.kind != Kind::repeated_block) cost += log10_capitals(original.substr(m.begin, length));
  return static_cast<float>(std::max(cost, std::log10(length == 1 ? 10.0 : 50.0)));
}

}  // namespace

namespace {

// The cheapest way to cover the first k characters with l pieces, the last
// piece a match (`from` = its index) or a brute-force run (`from` = its start).
struct Cell {
  float cost = kNever;
  std::int32_t from = -1;
};

// A brute-force run: each character costs its class's size, and each place
// a choice among the classes the run uses (the attacker's mask: ?u?l?l?d).
// `base` is the cost before the run plus the class sizes.
struct Run : Cell {
  float base = kNever;
  unsigned classes = 0;
};

class Search {
 public:
  Search(const Matches& matches, std::vector<Class> classes)
      : matches_(matches),
        classes_(std::move(classes)),
        n_(classes_.size()),
        by_match_((n_ + 1) * kMaxParts),
        by_brute_force_((n_ + 1) * kMaxParts) {}

  void run(const std::vector<std::uint32_t>& order_by_end);
  Estimate result() const;

 private:
  Cell& match_cell(std::size_t k, unsigned l) { return by_match_[k * kMaxParts + l - 1]; }
  Run& brute_cell(std::size_t k, unsigned l) { return by_brute_force_[k * kMaxParts + l - 1]; }
  const Cell& match_cell(std::size_t k, unsigned l) const { return by_match_[k * kMaxParts + l - 1]; }
  const Run& brute_cell(std::size_t k, unsigned l) const {
    return by_brute_force_[k * kMaxParts + l - 1];
  }
  // Before a brute-force run: the start, or a match (two runs side by side are one run).
  float ending_in_match(std::size_t k, unsigned l) const {
    if (l == 0) return k == 0 ? 0 : kNever;
    return match_cell(k, l).cost;
  }
  float ending_in_any(std::size_t k, unsigned l) const {
    if (l == 0) return k == 0 ? 0 : kNever;
    return std::min(match_cell(k, l).cost, brute_cell(k, l).cost);
  }
  void extend_brute_force(std::size_t k);
  std::vector<Part> parts(std::size_t k, unsigned l) const;

  const Matches& matches_;
  std::vector<Class> classes_;
  std::size_t n_;
  std::vector<Cell> by_match_;
  std::vector<Run> by_brute_force_;
};

float run_cost(float base, unsigned classes, std::size_t length) {
  return base + static_cast<float>(static_cast<double>(length) * std::log10(std::popcount(classes)));
}

// The run ending at k: a new one, or the best run ending at k - 1 made longer.
void Search::extend_brute_force(std::size_t k) {
  const Class c = classes_[k - 1];
  const auto size = static_cast<float>(log10_class_size(c));
  for (unsigned l = 1; l <= kMaxParts; ++l) {
    Run best;
    best.base = ending_in_match(k - 1, l - 1) + size;
    best.from = static_cast<std::int32_t>(k - 1);
    best.classes = c;
    best.cost = best.base;
    const Run& previous = brute_cell(k - 1, l);
    if (k >= 2 && previous.cost != kNever) {
      const unsigned classes = previous.classes | c;
      const float longer =
          run_cost(previous.base + size, classes, k - static_cast<std::size_t>(previous.from));
      if (longer < best.cost) {
        best.base = previous.base + size;
        best.from = previous.from;
        best.classes = classes;
        best.cost = longer;
      }
    }
    brute_cell(k, l) = best;
  }
}

void Search::run(const std::vector<std::uint32_t>& order_by_end) {
  std::size_t next = 0;
  for (std::size_t k = 1; k <= n_; ++k) {
    extend_brute_force(k);
    for (; next < order_by_end.size() && matches_[order_by_end[next]].end == k; ++next) {
      const Match& m = matches_[order_by_end[next]];
      for (unsigned l = 1; l <= kMaxParts; ++l) {
        const float cost = ending_in_any(m.begin, l - 1) + m.log10_guesses;
        if (cost < match_cell(k, l).cost) {
          match_cell(k, l) = {cost, static_cast<std::int32_t>(order_by_end[next])};
        }
      }
    }
  }
}

std::vector<Part> Search::parts(std::size_t k, unsigned l) const {
  std::vector<Part> parts;
  bool must_match = false;  // a brute-force run is never preceded by another
  while (k > 0 && l > 0) {
    const Cell& by_match = match_cell(k, l);
    if (must_match || by_match.cost <= brute_cell(k, l).cost) {
      const Match& m = matches_[static_cast<std::size_t>(by_match.from)];
      parts.push_back({m, false});
      k = m.begin;
      must_match = false;
    } else {
      const auto begin = static_cast<std::uint32_t>(brute_cell(k, l).from);
      const float cost = brute_cell(k, l).cost - ending_in_match(begin, l - 1);
      parts.push_back({{begin, static_cast<std::uint32_t>(k), cost, Kind::digits}, true});
      k = begin;
      must_match = true;
    }
    --l;
  }
  std::reverse(parts.begin(), parts.end());
  return parts;
}

Estimate Search::result() const {
  Estimate best{std::numeric_limits<double>::infinity(), {}};
  unsigned best_parts = 0;
  double log10_factorial = 0;
  for (unsigned l = 1; l <= kMaxParts; ++l) {
    log10_factorial += std::log10(static_cast<double>(l));
    const float cost = ending_in_any(n_, l);
    if (cost == kNever) continue;
    const double total = log10_add(log10_factorial + cost, kLog10PieceStep * (l - 1));
    if (total < best.log10_guesses) {
      best.log10_guesses = total;
      best_parts = l;
    }
  }
  if (best_parts > 0) best.parts = parts(n_, best_parts);
  return best;
}

}  // namespace

Matches Estimator::matches(const Text& text, unsigned depth) const {
  Matches found;
  find_keyboard_walks(text, found);
  find_sequences(text, found);
  find_dates(text, found);
  find_digit_runs(text, found);
  for (Finder find : dictionaries_) find(text, found);
  add_repeats(text, depth, found);
  for (Match& m : found) m.log10_guesses = piece_cost(m, text.original);
  return found;
}

void Estimator::add_repeats(const Text& text, unsigned depth, Matches& out) const {
  if (depth >= kMaxDepth) return;
  std::vector<Repeat> repeats;
  find_repeats(text, repeats);
  std::size_t estimated = 0;
  for (const Repeat& r : repeats) {
    double block_guesses = 0;
    if (r.block == 1) {
      block_guesses = log10_class_size(class_of(text.original[r.begin]));
    } else if (++estimated <= kMaxRepeats) {
      const Text block{text.original.substr(r.begin, r.block),
                       text.folded.substr(r.begin, r.block)};
      block_guesses = estimate(block, depth + 1).log10_guesses;
    } else {
      continue;
    }
    out.push_back({r.begin, r.begin + r.block * r.count,
                   static_cast<float>(block_guesses + std::log10(static_cast<double>(r.count))),
                   Kind::repeated_block});
  }
}

Estimate Estimator::estimate(const Text& text) const { return estimate(text, 0); }

Estimate Estimator::estimate(const Text& text, unsigned depth) const {
  if (text.original.empty()) return {};
  const Matches found = matches(text, depth);
  std::vector<std::uint32_t> order(found.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&found](std::uint32_t a, std::uint32_t b) { return found[a].end < found[b].end; });
  Search search(found, classes_of(text.original));
  search.run(order);
  return search.result();
}

}  // namespace pam_idaas::policy::guess
