#include "policy/name_matcher.h"

#include <algorithm>

#include "policy/unicode.h"
#include "policy/utf8.h"

namespace pam_idaas::policy {

namespace {

// Longer names are not real names; the bound keeps matching cheap.
constexpr std::size_t kMaxSlots = 16;

std::vector<std::u32string> readings_of(char32_t c) {
  std::vector<std::u32string> out;
  const std::string_view text = unicode::pinyin(c);
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find(' ', begin);
    if (end == std::string_view::npos) end = text.size();
    out.emplace_back(text.begin() + static_cast<std::ptrdiff_t>(begin),
                     text.begin() + static_cast<std::ptrdiff_t>(end));
    begin = end + 1;
  }
  return out;
}

// Han characters become one slot each; runs of letters and digits become one
// slot per word; everything else (spaces, "·", "-", ".") separates words.
std::vector<std::vector<std::u32string>> split_name(std::string_view real_name) {
  std::vector<std::vector<std::u32string>> slots;
  const auto decoded = utf8::decode(real_name);
  if (!decoded.ok) return slots;
  std::u32string word;
  auto end_word = [&] {
    if (!word.empty()) slots.push_back({word});
    word.clear();
  };
  for (char32_t c : unicode::fold(decoded.text)) {
    if (auto readings = readings_of(c); !readings.empty()) {
      end_word();
      slots.push_back(std::move(readings));
    } else if (unicode::classify(c) != unicode::CharClass::special) {
      word.push_back(c);
    } else {
      end_word();
    }
  }
  end_word();
  if (slots.size() > kMaxSlots) slots.resize(kMaxSlots);
  return slots;
}

bool starts_with_at(std::u32string_view text, std::size_t pos, std::u32string_view piece) {
  return text.size() - pos >= piece.size() && text.compare(pos, piece.size(), piece) == 0;
}

}  // namespace

NameMatcher::NameMatcher(std::string_view real_name, const PersonalDataRule& rule)
    : slots_(split_name(real_name)) {
  if (slots_.empty()) return;
  add_whole_name(slots_, rule.min_length);
  add_name_parts(rule.name_part_min_length);
  if (rule.name_initials && slots_.size() >= 2) {
    for (const Slot& slot : slots_) {
      Slot firsts;
      for (const auto& reading : slot) {
        const std::u32string first(1, reading.front());
        if (std::find(firsts.begin(), firsts.end(), first) == firsts.end()) firsts.push_back(first);
      }
      initials_.push_back(std::move(firsts));
    }
    // Initials only of the whole name: one part's initial would forbid a letter.
    add_whole_name(initials_, 0);
  }
}

// The name in its own order and, at every split point, given name first:
// splitting everywhere covers compound surnames (欧阳) without a surname table.
void NameMatcher::add_whole_name(const std::vector<Slot>& source, std::size_t min_match) {
  const std::size_t n = source.size();
  for (std::size_t k = 0; k < n; ++k) {
    Pattern rotated{&source, {}, min_match};
    for (std::size_t i = 0; i < n; ++i) rotated.order.push_back((k + i) % n);
    patterns_.push_back(std::move(rotated));
  }
}

void NameMatcher::add_name_parts(std::size_t min_match) {
  const std::size_t n = slots_.size();
  for (std::size_t k = 1; k < n; ++k) {
    Pattern surname{&slots_, {}, min_match};
    Pattern given{&slots_, {}, min_match};
    for (std::size_t i = 0; i < k; ++i) surname.order.push_back(i);
    for (std::size_t i = k; i < n; ++i) given.order.push_back(i);
    patterns_.push_back(std::move(surname));
    patterns_.push_back(std::move(given));
  }
}

// Positions reachable after each slot, kept as a set: polyphonic characters
// multiply the spellings, but never the work beyond the text's length.
bool NameMatcher::matches_at(const Pattern& pattern, std::u32string_view text, std::size_t start) {
  std::vector<std::size_t> ends{start};
  for (std::size_t index : pattern.order) {
    std::vector<std::size_t> next;
    for (std::size_t pos : ends) {
      for (const auto& reading : (*pattern.source)[index]) {
        if (starts_with_at(text, pos, reading)) next.push_back(pos + reading.size());
      }
    }
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    if (next.empty()) return false;
    ends = std::move(next);
  }
  return ends.back() - start >= pattern.min_match;
}

bool NameMatcher::found_in(std::u32string_view folded) const {
  for (const Pattern& pattern : patterns_) {
    for (std::size_t start = 0; start < folded.size(); ++start) {
      if (matches_at(pattern, folded, start)) return true;
    }
  }
  return false;
}

}  // namespace pam_idaas::policy
