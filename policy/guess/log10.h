// Guess counts in log10, where they can be added and multiplied without
// overflowing: a long password's count has hundreds of digits.
#pragma once

#include <algorithm>
#include <cmath>

namespace pam_idaas::policy::guess {

// log10(10^a + 10^b)
inline double log10_add(double a, double b) {
  const double high = std::max(a, b);
  const double low = std::min(a, b);
  if (low == -HUGE_VAL) return high;
  return high + std::log10(1.0 + std::pow(10.0, low - high));
}

// log10 of n choose k, by a product of min(k, n - k) ratios (no lgamma: it
// writes the global signgam, and PAM modules run in threaded programs).
inline double log10_choose(unsigned n, unsigned k) {
  if (k > n) return -HUGE_VAL;
  k = std::min(k, n - k);
  double sum = 0;
  for (unsigned i = 0; i < k; ++i) sum += std::log10(static_cast<double>(n - i) / (i + 1));
  return sum;
}

// log10 of the sum of n choose i for i = 1..k; terms beyond the 64th
// are bounded by 2^n, which the sum approaches.
inline double log10_choose_sum(unsigned n, unsigned k) {
  if (k > 64) return n * std::log10(2.0);
  double sum = -HUGE_VAL;
  double term = 0;  // log10(n choose i), built up from the previous term
  for (unsigned i = 1; i <= k && i <= n; ++i) {
    term += std::log10(static_cast<double>(n - i + 1) / i);
    sum = log10_add(sum, term);
  }
  return sum;
}

}  // namespace pam_idaas::policy::guess
