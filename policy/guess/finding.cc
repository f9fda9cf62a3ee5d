#include "policy/guess/finding.h"

#include <array>
#include <optional>

#include "base/unicode.h"
#include "policy/verdict.h"

namespace pam_idaas::policy::guess {

namespace {

constexpr std::size_t kKinds = static_cast<std::size_t>(Kind::digits) + 1;

Finding finding_of(Kind kind) {
  switch (kind) {
    case Kind::common_password:
      return Finding::common_password;
    case Kind::word:
      return Finding::common_word;
    case Kind::pinyin:
      return Finding::pinyin;
    case Kind::keyboard_walk:
      return Finding::keyboard_walk;
    case Kind::sequence:
      return Finding::sequence;
    case Kind::repeated_block:
      return Finding::repeated_block;
    case Kind::date:
      return Finding::date;
    case Kind::digits:
      break;
  }
  return Finding::none;
}

// Dates and digit runs are what people add to a word: a main piece only alone.
bool decoration(Kind kind) { return kind == Kind::date || kind == Kind::digits; }

unsigned added_class(char32_t c) {
  switch (unicode::classify(c)) {
    case unicode::CharClass::lower:
    case unicode::CharClass::upper:
      return added::letters;
    case unicode::CharClass::digit:
      return added::digits;
    case unicode::CharClass::special:
      break;
  }
  return added::symbols;
}

// Characters per kind of piece; the heaviest kind, decorations last.
std::array<std::size_t, kKinds> weights(const Estimate& estimate) {
  std::array<std::size_t, kKinds> weight{};
  for (const Part& p : estimate.parts) {
    if (!p.brute_force)
      weight[static_cast<std::size_t>(p.match.kind)] += p.match.end - p.match.begin;
  }
  return weight;
}

std::optional<Kind> main_kind(const std::array<std::size_t, kKinds>& weight) {
  std::optional<Kind> best;
  for (std::size_t k = 0; k < kKinds; ++k) {
    const auto kind = static_cast<Kind>(k);
    if (weight[k] == 0 || finding_of(kind) == Finding::none) continue;
    const bool better = !best || (decoration(*best) && !decoration(kind)) ||
                        (decoration(*best) == decoration(kind) &&
                         weight[k] > weight[static_cast<std::size_t>(*best)]);
    if (better) best = kind;
  }
  return best;
}

}  // namespace

namespace {

// A word and a common password read alike to the user: one finding.
bool same_family(Kind a, Kind b) {
  const auto dictionary = [](Kind k) { return k == Kind::word || k == Kind::common_password; };
  return a == b || (dictionary(a) && dictionary(b));
}

bool several_patterns(const std::array<std::size_t, kKinds>& weight, Kind main) {
  const std::size_t main_weight = weight[static_cast<std::size_t>(main)];
  for (std::size_t k = 0; k < kKinds; ++k) {
    const auto kind = static_cast<Kind>(k);
    if (weight[k] == 0 || decoration(kind) || same_family(kind, main)) continue;
    if (5 * weight[k] > 4 * main_weight) return true;
  }
  return false;
}

}  // namespace

WeakFinding describe(const Estimate& estimate, const Text& text) {
  const auto weight = weights(estimate);
  const std::optional<Kind> main = main_kind(weight);
  if (!main) return {};
  const bool patterns = !decoration(*main) && several_patterns(weight, *main);
  WeakFinding result{patterns ? Finding::patterns : finding_of(*main), 0};
  for (const Part& p : estimate.parts) {
    const Kind kind = p.match.kind;
    const bool covered =
        !p.brute_force && (patterns ? !decoration(kind) : same_family(kind, *main));
    if (covered) {
      if (p.match.reversed) result.additions |= added::backwards;
      if (p.match.leet) result.additions |= added::disguised;
      continue;
    }
    for (std::uint32_t i = p.match.begin; i < p.match.end; ++i) {
      result.additions |= added_class(text.original[i]);
    }
  }
  return result;
}

}  // namespace pam_idaas::policy::guess
