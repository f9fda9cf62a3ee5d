// Any bytes, decoded as UTF-8 (input that is not stops there, as in the policy
// check), through the guess estimator with the built-in dictionary: every
// matcher sees arbitrary text, and the decomposition must cover it exactly.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/utf8.h"
#include "policy/guess/dictionary.h"
#include "policy/guess/estimate.h"
#include "policy/guess/finding.h"
#include "policy/guess/text.h"
#include "policy/settings.h"

namespace guess = pam_idaas::policy::guess;
namespace utf8 = pam_idaas::utf8;

namespace {

const guess::Estimator& estimator() {
  static const guess::Estimator instance({guess::find_words, guess::find_pinyin});
  return instance;
}

void check_covers(const guess::Estimate& estimate, std::size_t length) {
  std::uint32_t at = 0;
  for (const guess::Part& part : estimate.parts) {
    if (part.match.begin != at || part.match.end <= part.match.begin) std::abort();
    at = part.match.end;
  }
  if (at != length || !(estimate.log10_guesses >= 0)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > pam_idaas::policy::kInputCapBytes) return 0;  // the policy refuses those first
  const auto decoded = utf8::decode(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!decoded.ok) return 0;
  const pam_idaas::Secret32 folded = guess::fold_simple(decoded.text);
  const guess::Text text{decoded.text, folded};
  const guess::Estimate estimate = estimator().estimate(text);
  check_covers(estimate, decoded.text.size());
  (void)guess::describe(estimate, text);
  return 0;
}
