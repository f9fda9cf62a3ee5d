#include "policy/guess/capitals.h"

#include <cmath>

#include "base/unicode.h"
#include "policy/guess/log10.h"

namespace pam_idaas::policy::guess {

double log10_capitals(std::u32string_view original) {
  unsigned upper = 0, lower = 0;
  bool first_upper = false, last_upper = false;
  for (std::size_t i = 0; i < original.size(); ++i) {
    const auto kind = unicode::classify(original[i]);
    const bool is_upper = kind == unicode::CharClass::upper;
    upper += is_upper ? 1 : 0;
    lower += kind == unicode::CharClass::lower ? 1 : 0;
    if (i == 0) first_upper = is_upper;
    if (i + 1 == original.size()) last_upper = is_upper;
  }
  return log10_capitals(upper, lower, first_upper, last_upper);
}

double log10_capitals(unsigned upper, unsigned lower, bool first_upper, bool last_upper) {
  if (upper == 0) return 0;
  if (lower == 0 || (upper == 1 && (first_upper || last_upper))) return std::log10(2.0);
  return log10_choose_sum(upper + lower, std::min(upper, lower));
}

}  // namespace pam_idaas::policy::guess
