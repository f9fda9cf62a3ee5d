#include "policy/look_alike.h"

#include <array>

#include "base/unicode.h"

namespace pam_idaas::policy::look_alike {

namespace {

// The substitutions of leetspeak lists and of password crackers' rules
// (hashcat's leetspeak.rule); digits and letters stand for each other both
// ways, so "l38oo" holds a mobile number and "d4nw31" a name.
constexpr std::array<std::u32string_view, 128> make_table() {
  std::array<std::u32string_view, 128> t{};
  t['@'] = U"a";
  t['4'] = U"a";
  t['8'] = U"b";
  t['('] = U"c";
  t['<'] = U"c";
  t['3'] = U"e";
  t['6'] = U"g";
  t['9'] = U"g";
  t['1'] = U"il";
  t['!'] = U"i";
  t['|'] = U"il";
  t['0'] = U"o";
  t['5'] = U"s";
  t['$'] = U"s";
  t['7'] = U"t";
  t['+'] = U"t";
  t['2'] = U"z";
  t['a'] = U"4";
  t['b'] = U"8";
  t['e'] = U"3";
  t['g'] = U"69";
  t['i'] = U"1";
  t['l'] = U"1";
  t['o'] = U"0";
  t['s'] = U"5";
  t['t'] = U"7";
  t['z'] = U"2";
  return t;
}

constexpr auto kTable = make_table();

// The other way round: per character, the ASCII characters that may stand for it.
struct Writers {
  std::array<std::array<char32_t, 8>, 128> of{};
  std::array<std::size_t, 128> count{};
};

constexpr Writers make_writers() {
  Writers w;
  for (char32_t c = 0; c < 128; ++c) {
    for (const char32_t wanted : kTable[c]) w.of[wanted][w.count[wanted]++] = c;
  }
  return w;
}

constexpr Writers kWriters = make_writers();

}  // namespace

std::u32string_view stands_for(char32_t folded) {
  return folded < kTable.size() ? kTable[folded] : std::u32string_view{};
}

std::u32string_view written_as(char32_t wanted) {
  if (wanted >= 128) return {};
  return {kWriters.of[wanted].data(), kWriters.count[wanted]};
}

char32_t canonical(char32_t folded) {
  if (folded >= kTable.size() || (folded >= 'a' && folded <= 'z')) return folded;
  const std::u32string_view letters = kTable[folded];
  return letters.empty() ? folded : letters.front();
}

char32_t letter_for(char32_t folded) {
  if (folded >= kTable.size() || (folded >= 'a' && folded <= 'z')) return folded;
  const std::u32string_view letters = kTable[folded];
  if (letters.empty()) return folded;
  return letters.size() > 1 ? kIOrL : letters.front();
}

namespace {

bool is_letter(char32_t c) {
  const auto kind = unicode::classify(c);
  return kind == unicode::CharClass::lower || kind == unicode::CharClass::upper ||
         unicode::is_caseless_letter(c);
}

}  // namespace

char32_t word_letter(std::u32string_view text, std::size_t i) {
  const char32_t c = text[i];
  const bool digit = c >= '0' && c <= '9';
  if (!digit) return canonical(c);
  const bool between_letters =
      i > 0 && i + 1 < text.size() && is_letter(text[i - 1]) && is_letter(text[i + 1]);
  return between_letters ? canonical(c) : c;
}

bool detail::is_other_separator(char32_t c) {
  return unicode::classify(c) == unicode::CharClass::special && !unicode::is_caseless_letter(c);
}

}  // namespace pam_idaas::policy::look_alike
