#include "policy/guess/search.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>

#include "base/unicode.h"
#include "policy/guess/capitals.h"
#include "policy/guess/log10.h"

namespace pam_idaas::policy::guess {

namespace {

// A sequence of l pieces costs at least 10^(3(l-1)) guesses (zxcvbn's
// additive term, there 10^(4(l-1)): 3 refuses more keyboard patterns and
// dressed-up words on the tuning sets, and no more random passwords), so
// with the highest threshold (10^30) 11 pieces are never cheap enough to
// matter: the search keeps no more than 10.
constexpr double kLog10PieceStep = 3;
constexpr unsigned kMaxParts = 10;
static_assert(kLog10PieceStep * kMaxParts >= 30);

constexpr float kNever = std::numeric_limits<float>::infinity();

// Capitals and small letters before each position: any piece's capitals in
// constant time, however many pieces overlap.
class CaseCounts {
 public:
  explicit CaseCounts(const Classes& classes)
      : upper_(classes.size() + 1), lower_(classes.size() + 1) {
    for (std::size_t i = 0; i < classes.size(); ++i) {
      upper_[i + 1] = upper_[i] + (classes[i] == upper ? 1 : 0);
      lower_[i + 1] = lower_[i] + (classes[i] == lower ? 1 : 0);
    }
  }

  double log10_capitals(std::size_t begin, std::size_t end) const {
    return guess::log10_capitals(upper_[end] - upper_[begin], lower_[end] - lower_[begin],
                                 upper_[begin + 1] != upper_[begin],
                                 upper_[end] != upper_[end - 1]);
  }

 private:
  std::vector<unsigned, WipingAllocator<unsigned>> upper_, lower_;  // the password's case mask
};

// zxcvbn's floor: no piece is cheaper than a guesser's smallest unit.
float piece_cost(const Match& m, const CaseCounts& cases) {
  double cost = m.log10_guesses;
  // A keyboard walk's shifted keys are in its count already, a repeat's
  // block was estimated with its capitals.
  if (m.kind != Kind::keyboard_walk && m.kind != Kind::repeated_block) {
    cost += cases.log10_capitals(m.begin, m.end);
  }
  return static_cast<float>(std::max(cost, m.end - m.begin == 1 ? 1.0 : std::log10(50.0)));
}

// Matches in order of their ends, by counting: the sort costs nothing extra
// when thousands of matches end at the same few places.
std::vector<std::uint32_t> by_end(const Matches& matches, std::size_t length) {
  std::vector<std::uint32_t> first(length + 2, 0);
  for (const Match& m : matches) ++first[m.end + 1];
  for (std::size_t k = 1; k < first.size(); ++k) first[k] += first[k - 1];
  std::vector<std::uint32_t> order(matches.size());
  for (std::uint32_t i = 0; i < matches.size(); ++i) order[first[matches[i].end]++] = i;
  return order;
}

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
  Search(const Matches& matches, Classes classes, const Ceiling& ceiling)
      : matches_(matches),
        classes_(std::move(classes)),
        n_(classes_.size()),
        ceiling_(ceiling),
        by_match_((n_ + 1) * ceiling.parts),
        by_brute_force_((n_ + 1) * ceiling.parts),
        most_parts_(n_ + 1, 0) {}

  void run(const std::vector<std::uint32_t>& order_by_end);
  Estimate result() const;

 private:
  Cell& match_cell(std::size_t k, unsigned l) { return by_match_[k * ceiling_.parts + l - 1]; }
  Run& brute_cell(std::size_t k, unsigned l) { return by_brute_force_[k * ceiling_.parts + l - 1]; }
  const Cell& match_cell(std::size_t k, unsigned l) const {
    return by_match_[k * ceiling_.parts + l - 1];
  }
  const Run& brute_cell(std::size_t k, unsigned l) const {
    return by_brute_force_[k * ceiling_.parts + l - 1];
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
  Classes classes_;
  std::size_t n_;
  Ceiling ceiling_;
  std::vector<Cell> by_match_;
  std::vector<Run> by_brute_force_;
  // The most pieces any cell of a row reached: the loops over pieces stop
  // there (in text with few matches, after one or two).
  std::vector<std::uint8_t> most_parts_;
};

// log10 of how many classes a mix (5 bits) holds.
constexpr std::array<float, 32> log10_class_counts() {
  constexpr float kLog10[] = {0, 0, 0.30103f, 0.47712f, 0.60206f, 0.69897f};
  std::array<float, 32> table{};
  for (unsigned mix = 0; mix < table.size(); ++mix) table[mix] = kLog10[std::popcount(mix)];
  return table;
}
constexpr std::array<float, 32> kLog10ClassCount = log10_class_counts();

float run_cost(float base, unsigned classes, std::size_t length) {
  return base + static_cast<float>(length) * kLog10ClassCount[classes & 31];
}

// The run ending at k: a new one, or the best run ending at k - 1 made longer.
void Search::extend_brute_force(std::size_t k) {
  const auto c = static_cast<Class>(classes_[k - 1]);
  const auto size = static_cast<float>(log10_class_size(c));
  const unsigned most = std::min(ceiling_.parts, most_parts_[k - 1] + 1u);
  for (unsigned l = 1; l <= most; ++l) {
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
    // A piece never costs less than nothing: past the ceiling a way of
    // writing the text can only stay there, and the search drops it.
    if (best.cost >= ceiling_.log10) continue;
    brute_cell(k, l) = best;
    if (best.cost != kNever)
      most_parts_[k] = static_cast<std::uint8_t>(std::max<unsigned>(most_parts_[k], l));
  }
}

void Search::run(const std::vector<std::uint32_t>& order_by_end) {
  std::size_t next = 0;
  for (std::size_t k = 1; k <= n_; ++k) {
    extend_brute_force(k);
    for (; next < order_by_end.size() && matches_[order_by_end[next]].end == k; ++next) {
      const Match& m = matches_[order_by_end[next]];
      const unsigned most = std::min(ceiling_.parts, most_parts_[m.begin] + 1u);
      for (unsigned l = 1; l <= most; ++l) {
        const float cost = ending_in_any(m.begin, l - 1) + m.log10_guesses;
        if (cost < match_cell(k, l).cost && cost < ceiling_.log10) {
          match_cell(k, l) = {cost, static_cast<std::int32_t>(order_by_end[next])};
          most_parts_[k] = static_cast<std::uint8_t>(std::max<unsigned>(most_parts_[k], l));
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
  for (unsigned l = 1; l <= ceiling_.parts; ++l) {
    log10_factorial += std::log10(static_cast<double>(l));
    const float cost = ending_in_any(n_, l);
    if (cost == kNever) continue;
    const double total = log10_add(log10_factorial + cost, kLog10PieceStep * (l - 1));
    if (total < best.log10_guesses) {
      best.log10_guesses = total;
      best_parts = l;
    }
  }
  if (best_parts == 0) return beyond(n_, ceiling_);
  best.parts = parts(n_, best_parts);
  return best;
}

}  // namespace

Ceiling ceiling_of(double log10) {
  const double bounded = std::clamp(log10, 1.0, 30.0);
  return {static_cast<float>(bounded),
          static_cast<unsigned>(std::ceil(bounded / kLog10PieceStep - 1e-9))};
}

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

Classes classes_of(std::u32string_view original) {
  Classes classes(original.size());
  for (std::size_t i = 0; i < original.size(); ++i) classes[i] = class_of(original[i]);
  return classes;
}

Estimate beyond(std::size_t length, const Ceiling& ceiling) {
  const Match everything{0, static_cast<std::uint32_t>(length), ceiling.log10, Kind::digits};
  return {ceiling.log10, {{everything, true}}};
}

Estimate cheapest(Matches found, Classes classes, const Ceiling& ceiling) {
  const CaseCounts cases(classes);
  for (Match& m : found) m.log10_guesses = piece_cost(m, cases);
  const std::vector<std::uint32_t> order = by_end(found, classes.size());
  Search search(found, std::move(classes), ceiling);
  search.run(order);
  return search.result();
}

}  // namespace pam_idaas::policy::guess
