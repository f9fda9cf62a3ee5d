// Character tables generated from the Unicode Character Database
// (base/tables/unicode_tables.py). Only base/unicode.cc reads them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pam_idaas::unicode::data {

// Sorted, disjoint [first, last] pairs, flattened.
extern const char32_t kUpperRanges[];
extern const std::size_t kUpperRangesSize;
extern const char32_t kLowerRanges[];
extern const std::size_t kLowerRangesSize;
extern const char32_t kDigitRanges[];
extern const std::size_t kDigitRangesSize;

// Letters without case (Lo, Lm) and marks (Mn, Mc), same layout.
extern const char32_t kCaselessLetterRanges[];
extern const std::size_t kCaselessLetterRangesSize;

// The answers for the 128 ASCII code points, computed from the same data at
// build time: kAsciiClasses in CharClass order (0 lower, 1 upper, 2 digit,
// 3 special); kAsciiFolded the single code point each folds to, 0xFFFFFFFF
// for one that folds to several.
extern const unsigned char kAsciiClasses[];
extern const std::size_t kAsciiClassesSize;
extern const char32_t kAsciiFolded[];
extern const std::size_t kAsciiFoldedSize;

// Full case folding: kFoldFrom sorted; kFoldTo holds three code points per
// entry, zero-padded.
extern const char32_t kFoldFrom[];
extern const std::size_t kFoldFromSize;
extern const char32_t kFoldTo[];
extern const std::size_t kFoldToSize;

}  // namespace pam_idaas::unicode::data
