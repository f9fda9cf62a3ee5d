// Tables generated from the Unicode Character Database and the vendored
// common-password list (policy/tables/generate.py). Only unicode.cc reads
// them directly.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pam_idaas::policy::data {

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

// Readings of ideograph kPinyinCodePoints[i]: kPinyinText between
// kPinyinOffsets[i] and kPinyinOffsets[i + 1], toneless, space-separated.
extern const char32_t kPinyinCodePoints[];
extern const std::size_t kPinyinCodePointsSize;
extern const std::uint32_t kPinyinOffsets[];
extern const std::size_t kPinyinOffsetsSize;
extern const char kPinyinText[];

// Case-folded common passwords, sorted bytewise, same layout as above.
extern const std::uint32_t kCommonPasswordOffsets[];
extern const std::size_t kCommonPasswordOffsetsSize;
extern const char kCommonPasswordText[];

}  // namespace pam_idaas::policy::data
