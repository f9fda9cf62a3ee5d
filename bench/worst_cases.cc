#include "bench/worst_cases.h"

#include <algorithm>

#include "base/unicode.h"
#include "base/utf8.h"
#include "bench/data.h"
#include "policy/lexicon.h"
#include "policy/settings.h"

namespace pam_idaas::bench {
namespace {

constexpr std::size_t kCap = policy::kInputCapBytes;

std::size_t reading_count(char32_t c) {
  const std::string_view readings = policy::lexicon::pinyin(c);
  if (readings.empty()) return 0;
  return 1 + static_cast<std::size_t>(std::count(readings.begin(), readings.end(), ' '));
}

std::vector<char32_t> most_polyphonic(std::size_t count) {
  std::vector<char32_t> han;
  for (char32_t c = 0x4E00; c <= 0x9FFF; ++c) {
    if (reading_count(c) > 0) han.push_back(c);
  }
  std::stable_sort(han.begin(), han.end(),
                   [](char32_t a, char32_t b) { return reading_count(a) > reading_count(b); });
  han.resize(count);
  return han;
}

std::string first_reading(char32_t c) {
  const std::string_view readings = policy::lexicon::pinyin(c);
  return std::string(readings.substr(0, readings.find(' ')));
}

// Syllables none of which, nor any two in a row, spell "wang", "ming",
// "xiaoming" or "wangxm": no match, but a partial one at every "xiao".
std::string pinyin_like(std::size_t bytes) {
  static const char* const syllables[] = {
      "zhang", "li",    "liu", "chen", "yang", "huang", "zhao", "zhou", "xu",    "sun",
      "ma",    "zhu",   "hu",  "guo",  "he",   "gao",   "lin",  "luo",  "xiao",  "xia",
      "xian",  "qiang", "jun", "hong", "fei",  "bo",    "ping", "ting", "xiaoh", "xiaol"};
  Rng rng(42);
  std::string out;
  for (;;) {
    const std::string_view next = syllables[rng.below(std::size(syllables))];
    if (out.size() + next.size() > bytes) break;
    out.append(next);
  }
  return out;
}

}  // namespace

BenchUser adversarial_user() {
  BenchUser user;
  Secret name;
  for (char32_t c : most_polyphonic(16)) utf8::append(name, c);
  user.real_name.assign(name.begin(), name.end());
  return user;
}

std::vector<WorstCase> worst_cases() {
  // The 14 middle characters of the name: every rotation of the whole name
  // matches deep into them and fails, and no part of the name (which begins
  // with the first character or ends with the last) is there to end the search.
  std::string name_middle;
  const auto han = most_polyphonic(16);
  for (std::size_t i = 1; i + 1 < han.size(); ++i) name_middle += first_reading(han[i]);

  std::string invalid_at_end = random_ascii(kCap - 1, 11);
  invalid_at_end.push_back('\xff');
  return {
      {"4 KiB random printable ASCII", random_ascii(kCap, 10)},
      {"4 KiB of one letter", std::string(kCap, 'a')},
      {"4 KiB of \"Ab1!\" repeated", repeated("Ab1!", kCap)},
      {"4 KiB of one CJK character", repeated("密", kCap)},
      {"4 KiB of random CJK ideographs", random_han(kCap, 12)},
      {"4 KiB of emoji (4-byte UTF-8)", repeated("\xF0\x9F\x98\x80", kCap)},
      {"4 KiB Pinyin-like syllables", pinyin_like(kCap)},
      {"4 KiB personal-data near misses",
       repeated("wanxiaomin|xiaomin.wan|1380013800|8613800138|wanxm|", kCap)},
      {"4 KiB: the middle 14 syllables of a 16-character polyphonic name, repeated",
       repeated(name_middle, kCap), true},
      {"4 KiB, invalid UTF-8 in the last byte", invalid_at_end},
      {"4 KiB + 1 byte (refused before analysis)", random_ascii(kCap + 1, 13)},
  };
}

std::vector<std::size_t> scaling_lengths() { return {8, 64, 512, 4096}; }

std::string scaling_input(std::size_t bytes) { return random_ascii(bytes, 1000 + bytes); }

}  // namespace pam_idaas::bench
