#include "policy/look_alike.h"

#include <array>

#include "base/unicode.h"

namespace pam_idaas::policy::look_alike {

namespace {

// The other way round: per character, the ASCII characters that may stand for it.
struct Writers {
  std::array<std::array<char32_t, 8>, 128> of{};
  std::array<std::size_t, 128> count{};
};

constexpr Writers make_writers() {
  Writers w;
  for (char32_t c = 0; c < 128; ++c) {
    for (const char32_t wanted : kAscii[c]) w.of[wanted][w.count[wanted]++] = c;
  }
  return w;
}

constexpr Writers kWriters = make_writers();

}  // namespace

std::u32string_view stands_for(char32_t folded) {
  return folded < kAscii.size() ? kAscii[folded] : std::u32string_view{};
}

std::u32string_view written_as(char32_t wanted) {
  if (wanted >= 128) return {};
  return {kWriters.of[wanted].data(), kWriters.count[wanted]};
}

char32_t canonical(char32_t folded) {
  if (folded >= kAscii.size() || (folded >= 'a' && folded <= 'z')) return folded;
  const std::u32string_view letters = kAscii[folded];
  return letters.empty() ? folded : letters.front();
}

char32_t letter_for(char32_t folded) {
  if (folded >= kAscii.size() || (folded >= 'a' && folded <= 'z')) return folded;
  const std::u32string_view letters = kAscii[folded];
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
