// The estimator's search (estimate.h): each piece found priced (its capitals,
// a guesser's smallest unit), then the cheapest way to write the whole text
// as pieces and characters tried one by one, under the caller's ceiling.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/guess/estimate.h"

namespace pam_idaas::policy::guess {

// The estimate is exact below the caller's ceiling (the rule's threshold)
// and only known to be at least the ceiling above it: a search that stops
// there keeps fewer pieces and drops every way of writing the text that
// already costs more.
struct Ceiling {
  float log10;
  unsigned parts;  // no more pieces can stay under the ceiling
};

Ceiling ceiling_of(double log10);

// Bits, so that a run's mix of classes is an or.
enum Class : std::uint8_t { lower = 1, upper = 2, digit = 4, symbol = 8, other = 16 };
using Classes = CharClasses;

Class class_of(char32_t c);
double log10_class_size(Class c);
Classes classes_of(std::u32string_view original);

// What is certainly beyond 10^30 guesses, as one brute-force part.
Estimate beyond(std::size_t length, const Ceiling& ceiling);

// The cheapest decomposition of a text whose characters are of `classes`
// into the pieces `found` (priced here) and brute-force runs.
Estimate cheapest(Matches found, Classes classes, const Ceiling& ceiling);

}  // namespace pam_idaas::policy::guess
