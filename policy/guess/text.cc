#include "policy/guess/text.h"

#include "base/ascii.h"
#include "base/unicode.h"

namespace pam_idaas::policy::guess {

namespace {

char32_t fold_one(char32_t c) {
  if (c < 0x80) return ascii::lower(c);
  const Secret32 folded = unicode::fold(std::u32string_view(&c, 1));
  return folded.size() == 1 ? folded[0] : c;
}

}  // namespace

Secret32 fold_simple(std::u32string_view original) {
  Secret32 folded(original.size(), U'\0');
  for (std::size_t i = 0; i < original.size(); ++i) folded[i] = fold_one(original[i]);
  return folded;
}

}  // namespace pam_idaas::policy::guess
