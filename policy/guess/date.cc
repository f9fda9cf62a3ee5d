#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "policy/guess/matchers.h"

namespace pam_idaas::policy::guess {

namespace {

// zxcvbn's reference point: years near it are the likely ones.
constexpr int kReferenceYear = 2025;
constexpr int kMinYearSpace = 20;

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

bool is_separator(char32_t c) {
  return c == U'-' || c == U'.' || c == U'/' || c == U'_' || c == U' ' || c == U'\\' || c == U',';
}

int number(std::u32string_view digits) {
  int value = 0;
  for (char32_t c : digits) value = value * 10 + static_cast<int>(c - U'0');
  return value;
}

constexpr int kFirstYear = 1900, kLastYear = 2039;

// Every year's log10, computed once: thousands of dates in 4 KiB of digits
// would otherwise each take a logarithm.
double log10_year_space(int year) {
  static const auto table = [] {
    std::array<double, kLastYear - kFirstYear + 1> space{};
    for (int y = kFirstYear; y <= kLastYear; ++y) {
      space[static_cast<std::size_t>(y - kFirstYear)] =
          std::log10(std::max(std::abs(y - kReferenceYear), kMinYearSpace));
    }
    return space;
  }();
  return table[static_cast<std::size_t>(std::clamp(year, kFirstYear, kLastYear) - kFirstYear)];
}

constexpr double kLog10Days = 2.5622929;  // log10(365)

// A year written with 2 digits means the nearest century that makes sense.
std::optional<int> year_of(std::u32string_view digits) {
  const int value = number(digits);
  if (digits.size() == 2) return value < 40 ? 2000 + value : 1900 + value;
  if (digits.size() == 4 && value >= kFirstYear && value <= kLastYear) return value;
  return std::nullopt;
}

bool day_and_month(int a, int b) {
  return (a >= 1 && a <= 31 && b >= 1 && b <= 12) || (b >= 1 && b <= 31 && a >= 1 && a <= 12);
}

// The widths of year, first and second field of the day-month pair, year first or last.
struct Split {
  std::uint8_t year, first, second;
  bool year_first;
};
constexpr std::array kSplits = {Split{2, 1, 1, false}, Split{2, 1, 2, false}, Split{2, 2, 1, false},
                                Split{2, 2, 2, false}, Split{4, 1, 1, false}, Split{4, 1, 2, false},
                                Split{4, 2, 1, false}, Split{4, 2, 2, false}, Split{2, 2, 2, true},
                                Split{4, 1, 1, true},  Split{4, 1, 2, true},  Split{4, 2, 1, true},
                                Split{4, 2, 2, true}};

// A date in `digits` (no separators) read by one split, or nothing.
std::optional<int> date_year(std::u32string_view digits, const Split& split) {
  if (digits.size() != static_cast<std::size_t>(split.year + split.first + split.second)) {
    return std::nullopt;
  }
  const std::size_t pair_at = split.year_first ? split.year : 0;
  const std::size_t year_at = split.year_first ? 0 : split.first + split.second;
  const int a = number(digits.substr(pair_at, split.first));
  const int b = number(digits.substr(pair_at + split.first, split.second));
  if (!day_and_month(a, b)) return std::nullopt;
  return year_of(digits.substr(year_at, split.year));
}

}  // namespace

namespace {

// log10 guesses of the best date reading of `digits`, or nothing.
std::optional<double> undivided_date(std::u32string_view digits) {
  std::optional<double> best;
  for (const Split& split : kSplits) {
    if (const auto year = date_year(digits, split)) {
      const double guesses = log10_year_space(*year) + kLog10Days;
      if (!best || guesses < *best) best = guesses;
    }
  }
  // Day and month without a year: 0520, 1225.
  if (digits.size() == 4 && day_and_month(number(digits.substr(0, 2)), number(digits.substr(2)))) {
    best = std::log10(366.0);
  }
  return best;
}

std::size_t digits_from(std::u32string_view s, std::size_t i) {
  std::size_t end = i;
  while (end < s.size() && end - i < 5 && is_digit(s[end])) ++end;
  return end - i;
}

// 1987-06-15, 15.06.87, 6/15/1987: three fields, one separator twice.
std::optional<Match> divided_date(std::u32string_view s, std::size_t begin) {
  std::size_t width[3] = {};
  std::size_t at = begin;
  for (int field = 0; field < 3; ++field) {
    if (field > 0) {
      if (at >= s.size() || !is_separator(s[at]) || (field == 2 && s[at] != s[at - width[1] - 1])) {
        return std::nullopt;
      }
      ++at;
    }
    width[field] = digits_from(s, at);
    if (width[field] == 0 || width[field] > 4) return std::nullopt;
    at += width[field];
  }
  const auto f = [&](int field) {
    const std::size_t from =
        begin + (field > 0 ? width[0] + 1 : 0) + (field > 1 ? width[1] + 1 : 0);
    return s.substr(from, width[field]);
  };
  std::optional<int> year;
  if (width[1] <= 2 && width[2] <= 2 && (width[0] == 2 || width[0] == 4) &&
      day_and_month(number(f(1)), number(f(2)))) {
    year = year_of(f(0));
  }
  if (!year && width[0] <= 2 && width[1] <= 2 && (width[2] == 2 || width[2] == 4) &&
      day_and_month(number(f(0)), number(f(1)))) {
    year = year_of(f(2));
  }
  if (!year) return std::nullopt;
  const double guesses = log10_year_space(*year) + kLog10Days + std::log10(4.0);
  return Match{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(at),
               static_cast<float>(guesses), Kind::date};
}

// Inside a long run of digits only dates at either end are looked for: a
// date lost in the middle of 20 digits helps no guesser, and the bound keeps
// the search linear with a small factor.
constexpr std::size_t kDateEdge = 4;

void add_undivided(std::u32string_view s, std::size_t begin, std::size_t run_begin,
                   std::size_t run_end, Matches& out) {
  for (std::size_t length = 4; length <= 8 && begin + length <= run_end; ++length) {
    if (begin > run_begin + kDateEdge && begin + length + kDateEdge < run_end) continue;
    const std::u32string_view digits = s.substr(begin, length);
    if (const auto guesses = undivided_date(digits)) {
      out.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(begin + length),
                     static_cast<float>(*guesses), Kind::date});
    }
    if (length == 4) {
      if (const auto year = year_of(digits)) {
        out.push_back({static_cast<std::uint32_t>(begin),
                       static_cast<std::uint32_t>(begin + length),
                       static_cast<float>(log10_year_space(*year)), Kind::date});
      }
    }
  }
}

}  // namespace

void find_dates(const Text& text, Matches& out) {
  const std::u32string_view s = text.folded;
  std::size_t run_begin = 0, run_end = 0;
  for (std::size_t begin = 0; begin < s.size(); ++begin) {
    if (!is_digit(s[begin])) continue;
    if (run_end <= begin) {
      run_begin = run_end = begin;
      while (run_end < s.size() && is_digit(s[run_end])) ++run_end;
    }
    add_undivided(s, begin, run_begin, run_end, out);
    if (const auto date = divided_date(s, begin)) out.push_back(*date);
  }
}

}  // namespace pam_idaas::policy::guess
