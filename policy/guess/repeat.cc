#include "policy/guess/matchers.h"

namespace pam_idaas::policy::guess {

namespace {

// Blocks longer than this are not looked for: passwordpassword is 8; the
// bound keeps the search at a fixed number of passes over the text.
constexpr std::size_t kMaxBlock = 16;

// Whether the block is itself a repeat (abab), found with its shorter period.
bool has_shorter_period(std::u32string_view block) {
  for (std::size_t period = 1; period < block.size(); ++period) {
    if (block.size() % period != 0) continue;
    bool periodic = true;
    for (std::size_t i = period; i < block.size() && periodic; ++i) {
      periodic = block[i] == block[i - period];
    }
    if (periodic) return true;
  }
  return false;
}

void find_period(std::u32string_view s, std::size_t period, std::vector<Repeat>& out) {
  const std::size_t agree_needed = period == 1 ? 2 : period;  // aaa; abab
  std::size_t i = period;
  while (i < s.size()) {
    if (s[i] != s[i - period]) {
      ++i;
      continue;
    }
    // s[from - period, end) repeats with this period.
    const std::size_t from = i;
    while (i < s.size() && s[i] == s[i - period]) ++i;
    const std::size_t agree = i - from;
    const std::size_t begin = from - period;
    if (agree < agree_needed || has_shorter_period(s.substr(begin, period))) continue;
    // Also from each later place in the first block: the run may begin
    // where the piece before it ends (qazqazqazqaz + cxzcxzcxzcxz shares a z).
    for (std::size_t shift = 0; shift < period; ++shift) {
      const std::size_t count = (agree + period - shift) / period;
      if (count < 2) break;
      out.push_back({static_cast<std::uint32_t>(begin + shift),
                     static_cast<std::uint32_t>(period), static_cast<std::uint32_t>(count)});
    }
  }
}

}  // namespace

void find_repeats(const Text& text, std::vector<Repeat>& out) {
  const std::u32string_view s = text.folded;
  for (std::size_t period = 1; period <= kMaxBlock && 2 * period <= s.size(); ++period) {
    find_period(s, period, out);
  }
}

}  // namespace pam_idaas::policy::guess
