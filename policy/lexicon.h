// The built-in lists the rules look things up in: the Mandarin readings of
// ideographs (Unihan) and the common-password list (policy/data).
#pragma once

#include <cstddef>
#include <string_view>

namespace pam_idaas::policy::lexicon {

// Toneless Mandarin readings of an ideograph, space-separated ("dan chan
// shan"); empty when the character has none.
std::string_view pinyin(char32_t c);

// Whether the case-folded UTF-8 text is on the built-in common-password list.
bool is_common_password(std::string_view folded_utf8);
std::size_t common_password_count();

}  // namespace pam_idaas::policy::lexicon
