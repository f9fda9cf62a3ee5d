// Tables generated from Unihan's Mandarin readings and the vendored
// common-password and word lists (policy/tables/generate.py). Only
// policy/lexicon.cc and policy/guess/trie.cc read them directly.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pam_idaas::policy::data {

// Readings of ideograph kPinyinCodePoints[i]: kPinyinText between
// kPinyinOffsets[i] and kPinyinOffsets[i + 1], toneless, space-separated.
extern const char32_t kPinyinCodePoints[];
extern const std::size_t kPinyinCodePointsSize;
extern const std::uint32_t kPinyinOffsets[];
extern const std::size_t kPinyinOffsetsSize;
extern const char kPinyinText[];

// Tries of the guessability matchers, read by policy/guess/trie.cc: kWord*
// holds the built-in words (common passwords, English words, names, diceware
// words), kSyllable* the toneless Pinyin syllables. Nodes in breadth-first
// order: k*Nodes[i] is (first child << 8) | label, with one entry more than
// there are nodes, so node i's children are [first(i), first(i + 1)); a label
// is an index into k*Alphabet plus one (k*AsciiLabels has those of ASCII, 0
// for none). k*Values[i]: 0 when no entry ends at node i, else bit 7 for the
// common-password list and bits 0-6 one more than 20 * log10(best rank).
extern const char32_t kWordAlphabet[];
extern const std::size_t kWordAlphabetSize;
extern const unsigned char kWordAsciiLabels[];
extern const std::size_t kWordAsciiLabelsSize;
extern const std::uint32_t kWordNodes[];
extern const std::size_t kWordNodesSize;
extern const unsigned char kWordValues[];
extern const std::size_t kWordValuesSize;
// k*NearRoot: the root's children and their children by label, one row of
// (alphabet size + 1) nodes per parent (the root, then its children in order),
// 0xFFFFFFFF where there is none.
extern const std::uint32_t kWordNearRoot[];
extern const std::size_t kWordNearRootSize;
// How many entries of the word trie are on the common-password list.
extern const std::size_t kCommonPasswordCount;
extern const char32_t kSyllableAlphabet[];
extern const std::size_t kSyllableAlphabetSize;
extern const unsigned char kSyllableAsciiLabels[];
extern const std::size_t kSyllableAsciiLabelsSize;
extern const std::uint32_t kSyllableNodes[];
extern const std::size_t kSyllableNodesSize;
extern const unsigned char kSyllableValues[];
extern const std::size_t kSyllableValuesSize;
extern const std::uint32_t kSyllableNearRoot[];
extern const std::size_t kSyllableNearRootSize;

}  // namespace pam_idaas::policy::data
