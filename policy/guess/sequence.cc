#include <cmath>

#include "policy/guess/matchers.h"

namespace pam_idaas::policy::guess {

namespace {

enum class Alphabet { none, letters, digits };

Alphabet alphabet_of(char32_t c) {
  if (c >= U'a' && c <= U'z') return Alphabet::letters;
  if (c >= U'0' && c <= U'9') return Alphabet::digits;
  return Alphabet::none;
}

bool continues(std::u32string_view s, std::size_t i, int step) {
  return alphabet_of(s[i]) != Alphabet::none && alphabet_of(s[i]) == alphabet_of(s[i - 1]) &&
         static_cast<int>(s[i]) - static_cast<int>(s[i - 1]) == step;
}

// zxcvbn's: the start (obvious ones cheap) times the length, doubled when
// descending; doubled again for a step of 2, which fewer people use.
double log10_sequence(char32_t first, unsigned length, int step) {
  const bool obvious =
      first == U'a' || first == U'z' || first == U'0' || first == U'1' || first == U'9';
  double guesses = obvious ? 4 : (alphabet_of(first) == Alphabet::digits ? 10 : 26);
  if (step < 0) guesses *= 2;
  if (step == 2 || step == -2) guesses *= 2;
  return std::log10(guesses * length);
}

bool usable_step(int step) { return step != 0 && step >= -2 && step <= 2; }

}  // namespace

void find_sequences(const Text& text, Matches& out) {
  const std::u32string_view s = text.folded;
  std::size_t begin = 0;
  while (begin + 2 < s.size()) {
    const int step = static_cast<int>(s[begin + 1]) - static_cast<int>(s[begin]);
    std::size_t end = begin + 1;
    if (usable_step(step)) {
      while (end < s.size() && continues(s, end, step)) ++end;
    }
    // Its beginnings of 3 to 32 too: the rest may start the next piece.
    const auto add = [&](std::size_t stop) {
      const auto length = static_cast<unsigned>(stop - begin);
      out.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(stop),
                     static_cast<float>(log10_sequence(s[begin], length, step)), Kind::sequence});
    };
    for (std::size_t stop = begin + 3; stop <= end && stop <= begin + 32; ++stop) add(stop);
    if (end > begin + 32) add(end);
    // The last character may start the next run in another direction (abcba).
    begin = end - begin >= 2 ? end - 1 : end;
  }
}

}  // namespace pam_idaas::policy::guess
