// ASCII's own case: for keywords, host names and codes, where Unicode case
// folding would accept look-alikes that were never meant to match.
#pragma once

#include <algorithm>
#include <string_view>

namespace pam_idaas::ascii {

// A-Z to a-z; every other character, ASCII or not, as it is.
template <typename Char>
constexpr Char lower(Char c) {
  return c >= Char{'A'} && c <= Char{'Z'} ? static_cast<Char>(c - Char{'A'} + Char{'a'}) : c;
}

constexpr bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, {}, lower<char>, lower<char>);
}

template <typename Char>
constexpr bool is_letter_or_digit(Char c) {
  return (c >= Char{'a'} && c <= Char{'z'}) || (c >= Char{'A'} && c <= Char{'Z'}) ||
         (c >= Char{'0'} && c <= Char{'9'});
}

}  // namespace pam_idaas::ascii
