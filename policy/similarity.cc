#include "policy/similarity.h"

#include <algorithm>
#include <vector>

#include "base/secure_string.h"
#include "base/unicode.h"
#include "base/utf8.h"
#include "policy/look_alike.h"

namespace pam_idaas::policy {

namespace {

Secret32 canonical(std::u32string_view folded) {
  Secret32 out;
  out.reserve(folded.size());
  for (const char32_t c : folded) out.push_back(look_alike::canonical(c));
  return out;
}

}  // namespace

bool within_edits(std::u32string_view a, std::u32string_view b, unsigned limit) {
  const std::size_t n = a.size(), m = b.size();
  const std::size_t k = limit;
  if ((n > m ? n - m : m - n) > k) return false;
  const unsigned beyond = limit + 1;  // any distance over the limit
  // Row i, column j: edits between a's first i and b's first j characters;
  // cells outside the band stay `beyond`.
  std::vector<unsigned> previous(m + 1, beyond), current(m + 1, beyond);
  for (std::size_t j = 0; j <= std::min(m, k); ++j) previous[j] = static_cast<unsigned>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    const std::size_t low = i > k ? i - k : 0;
    const std::size_t high = std::min(m, i + k);
    if (low == 0) {
      current[0] = static_cast<unsigned>(i);
    } else {
      current[low - 1] = beyond;
    }
    unsigned row_best = low == 0 ? current[0] : beyond;
    for (std::size_t j = std::max<std::size_t>(low, 1); j <= high; ++j) {
      const unsigned replace = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      const unsigned cost = std::min({replace, previous[j] + 1, current[j - 1] + 1, beyond});
      current[j] = cost;
      row_best = std::min(row_best, cost);
    }
    if (row_best > limit) return false;  // every later row costs at least as much
    previous.swap(current);
  }
  return previous[m] <= limit;
}

bool too_similar(std::u32string_view folded_password, std::string_view current,
                 const SimilarityRule& rule) {
  if (rule.min_changes == 0 || current.empty()) return false;
  const auto decoded = utf8::decode(current);
  if (!decoded.ok) return false;
  const Secret32 old_form = canonical(unicode::fold(decoded.text));
  const Secret32 new_form = canonical(folded_password);
  return within_edits(old_form, new_form, rule.min_changes - 1);
}

}  // namespace pam_idaas::policy
