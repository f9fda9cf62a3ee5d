#include "policy/name_matcher.h"

#include <string.h>

#include <algorithm>
#include <bit>

#include "policy/guess/dictionary.h"
#include "policy/look_alike.h"
#include "policy/unicode.h"
#include "policy/utf8.h"

namespace pam_idaas::policy {

namespace {

// Longer names are not real names; the bound keeps matching cheap.
constexpr std::size_t kMaxSlots = 16;
// Common-word look-ups one search makes at most: a password of 64 characters
// holds at most 16 pieces of a name part of 4 letters.
constexpr unsigned kMaxWordChecks = 32;

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

// Han characters become one slot each (their readings and, disguised, the
// character itself); runs of letters and digits become one slot per word;
// everything else (spaces, "·", "-", ".") separates words. Disguised, letters
// without case (Arabic, kana, Hangul) are letters too, not separators.
std::vector<std::vector<std::u32string>> split_name(std::string_view real_name, bool disguised) {
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
      if (disguised) readings.emplace_back(1, c);
      slots.push_back(std::move(readings));
    } else if (unicode::classify(c) != unicode::CharClass::special ||
               (disguised && unicode::is_caseless_letter(c))) {
      word.push_back(c);
    } else {
      end_word();
    }
  }
  end_word();
  if (slots.size() > kMaxSlots) slots.resize(kMaxSlots);
  return slots;
}

bool same(char32_t text, char32_t reading, bool look_alikes) {
  return text == reading ||
         (look_alikes && text == look_alike::kIOrL && (reading == 'i' || reading == 'l'));
}

// The first character decides almost every call: test it before the rest.
bool starts_with_at(std::u32string_view text, std::size_t pos, std::u32string_view piece,
                    bool look_alikes) {
  if (text.size() - pos < piece.size()) return false;
  if (piece.empty()) return true;
  if (!look_alikes) return text[pos] == piece[0] && text.compare(pos, piece.size(), piece) == 0;
  for (std::size_t i = 0; i < piece.size(); ++i) {
    if (!same(text[pos + i], piece[i], true)) return false;
  }
  return true;
}

// A reading in letters without case is the name in its own script (张, さとう),
// only read so when the rule's `disguised` is on: two such characters are a
// name, however short.
bool own_script(std::u32string_view reading) {
  return !reading.empty() && unicode::is_caseless_letter(reading.front());
}

}  // namespace

NameMatcher::Openers::Openers(const Slot& slot) {
  for (const std::u32string& reading : slot) {
    if (reading.empty()) {
      anywhere = true;
    } else if (const char32_t c = reading.front(); c < 128) {
      ascii[c >> 6] |= std::uint64_t{1} << (c & 63);
    } else {
      other = true;
    }
  }
}

bool NameMatcher::Openers::may_open(std::u32string_view text, std::size_t pos,
                                    bool look_alikes) const {
  if (anywhere) return true;
  if (pos == text.size()) return false;
  const char32_t c = text[pos];
  if (look_alikes && c == look_alike::kIOrL) return may_open_with('i') || may_open_with('l');
  return may_open_with(c);
}

void NameMatcher::Source::add(Slot slot) {
  openers.emplace_back(slot);
  slots.push_back(std::move(slot));
}

NameMatcher::NameMatcher(std::string_view real_name, const PersonalDataRule& rule) {
  std::vector<Slot> slots = split_name(real_name, rule.disguised);
  if (slots.empty()) return;
  name_.slots.reserve(slots.size());
  name_.openers.reserve(slots.size());
  for (Slot& slot : slots) name_.add(std::move(slot));
  walks_.reserve(2 * name_.slots.size());
  add_whole_name(name_, rule.min_length);
  add_name_parts(rule.name_part_min_length);
  if (rule.name_initials && name_.slots.size() >= 2) {
    for (const Slot& slot : name_.slots) {
      Slot firsts;
      for (const auto& reading : slot) {
        const std::u32string first(1, reading.front());
        if (std::find(firsts.begin(), firsts.end(), first) == firsts.end()) firsts.push_back(first);
      }
      initials_.add(std::move(firsts));
    }
    // Initials only of the whole name: one part's initial would forbid a letter.
    add_whole_name(initials_, 0);
  }
}

// The name in its own order and, at every split point, given name first:
// splitting everywhere covers compound surnames (欧阳) without a surname table.
void NameMatcher::add_whole_name(const Source& source, std::size_t min_match) {
  const std::size_t n = source.slots.size();
  for (std::size_t k = 0; k < n; ++k) {
    Walk rotated{&source, {}, std::vector<std::size_t>(n, Walk::kNoPattern),
                 std::vector<bool>(n, n == 1)};
    rotated.order.reserve(n);
    for (std::size_t i = 0; i < n; ++i) rotated.order.push_back((k + i) % n);
    rotated.min_match[n - 1] = min_match;
    walks_.push_back(std::move(rotated));
  }
}

// Surname alone (slots 0 .. k-1) and given name alone (k .. n-1) at every
// split point k: prefixes of the first rotation, and of rotation k (walks_
// begins with the name's rotations, in order). No two patterns end at the
// same depth of one walk.
void NameMatcher::add_name_parts(std::size_t min_match) {
  const std::size_t n = name_.slots.size();
  for (std::size_t k = 1; k < n; ++k) {
    walks_[0].min_match[k - 1] = min_match;
    walks_[0].part[k - 1] = true;
    walks_[k].min_match[n - k - 1] = min_match;
    walks_[k].part[n - k - 1] = true;
  }
}

// Positions reachable after each slot, kept as a set: polyphonic characters
// multiply the spellings, but never the work beyond the text's length. The
// two sets are the caller's, reused from one start to the next. An entry is
// a position shifted left once, its low bit set when some slot so far
// matched in the name's own script.
bool NameMatcher::matches_at(const Walk& walk, const NameSearch& search, std::size_t start,
                             Scratch& scratch) {
  std::vector<std::size_t>& ends = scratch.ends;
  std::vector<std::size_t>& next = scratch.next;
  const Source& source = *walk.source;
  const std::u32string_view text = search.text;
  ends.assign(1, start << 1);
  for (std::size_t depth = 0; depth < walk.order.size(); ++depth) {
    const std::size_t index = walk.order[depth];
    next.clear();
    for (const std::size_t entry : ends) {
      const std::size_t pos = entry >> 1;
      if (!source.openers[index].may_open(text, pos, search.look_alikes)) continue;
      for (const auto& reading : source.slots[index]) {
        if (!starts_with_at(text, pos, reading, search.look_alikes)) continue;
        next.push_back(((pos + reading.size()) << 1) | (entry & 1) | own_script(reading));
      }
    }
    if (next.size() > 1) {
      std::sort(next.begin(), next.end());
      next.erase(std::unique(next.begin(), next.end()), next.end());
    }
    if (next.empty()) return false;
    ends.swap(next);
    if (walk.min_match[depth] != Walk::kNoPattern && counts(walk, depth, search, start, scratch)) {
      return true;
    }
  }
  return false;
}

namespace {

// Whether [begin, stop) of `written` lies inside a longer common word, read
// with look-alike characters undone. Only the characters a word that long
// could reach are read.
bool inside_word(std::u32string_view written, std::size_t begin, std::size_t stop) {
  constexpr std::size_t kReach = guess::kMaxWordLength;
  if (stop - begin >= kReach) return false;  // no longer word to be inside
  const std::size_t from = begin > kReach ? begin - kReach : 0;
  const std::size_t to = std::min(written.size(), stop + kReach);
  std::array<char32_t, 3 * kReach> window;
  for (std::size_t i = from; i < to; ++i) window[i - from] = look_alike::word_letter(written, i);
  const bool inside =
      guess::inside_longer_word({window.data(), to - from}, begin - from, stop - from);
  explicit_bzero(window.data(), sizeof window);
  return inside;
}

}  // namespace

// Whether the pattern ending at `depth` is found: long enough (or two
// characters of the name's own script) and, for a surname or given name
// alone, not just a piece of a longer common word. Past the search's budget
// of look-ups (only a text far longer than any password policy allows
// reaches it), a piece counts: the cost stays linear and the error on the
// safe side.
bool NameMatcher::counts(const Walk& walk, std::size_t depth, const NameSearch& search,
                         std::size_t start, Scratch& scratch) {
  for (const std::size_t entry : scratch.ends) {
    const std::size_t end = entry >> 1;
    const bool long_enough = end - start >= walk.min_match[depth] || ((entry & 1) && depth >= 1);
    if (!long_enough) continue;
    if (!walk.part[depth] || search.written.empty() || end == start) return true;
    if (scratch.word_checks_left == 0) return true;
    --scratch.word_checks_left;
    const bool mapped = !search.origin.empty();
    const std::size_t begin = mapped ? search.origin[start] : start;
    const std::size_t stop = mapped ? search.origin[end - 1] + 1 : end;
    if (!inside_word(search.written, begin, stop)) return true;
  }
  return false;
}

bool NameMatcher::walk_found(const Walk& walk, const NameSearch& search,
                             const std::vector<std::size_t>& positions,
                             const std::size_t* group_begin, Scratch& scratch) const {
  constexpr std::size_t kOther = 128;
  auto tried = [&](std::size_t first, std::size_t last) {
    for (std::size_t i = first; i < last; ++i) {
      if (matches_at(walk, search, positions[i], scratch)) return true;
    }
    return false;
  };
  const Openers& openers = walk.source->openers[walk.order.front()];
  if (openers.anywhere) {
    for (std::size_t pos = 0; pos < search.text.size(); ++pos) {
      if (matches_at(walk, search, pos, scratch)) return true;
    }
    return false;
  }
  for (std::size_t word = 0; word < openers.ascii.size(); ++word) {
    for (std::uint64_t bits = openers.ascii[word]; bits != 0; bits &= bits - 1) {
      const std::size_t g = 64 * word + static_cast<std::size_t>(std::countr_zero(bits));
      if (tried(group_begin[g], group_begin[g + 1])) return true;
    }
  }
  return openers.other && tried(group_begin[kOther], group_begin[kOther + 1]);
}

bool NameMatcher::found_in(const NameSearch& search) const {
  if (walks_.empty()) return false;
  const std::u32string_view text = search.text;
  // The text's positions grouped by the character there (an ASCII character
  // a group, all others one; kIOrL under both letters): a walk tries only the
  // starts where a reading of its first slot can begin, not every start of a
  // long text.
  constexpr std::size_t kOther = 128;
  auto for_each_group = [&search](char32_t c, auto&& visit) {
    if (search.look_alikes && c == look_alike::kIOrL) {
      visit(std::size_t{'i'});
      visit(std::size_t{'l'});
      return;
    }
    visit(c < 128 ? static_cast<std::size_t>(c) : kOther);
  };
  std::array<std::size_t, kOther + 2> begin{};  // group g: positions[begin[g], begin[g + 1])
  for (const char32_t c : text) for_each_group(c, [&](std::size_t g) { ++begin[g + 1]; });
  for (std::size_t g = 1; g < begin.size(); ++g) begin[g] += begin[g - 1];
  std::vector<std::size_t> positions(begin.back());
  std::array<std::size_t, kOther + 1> fill;
  std::copy(begin.begin(), begin.end() - 1, fill.begin());
  for (std::size_t i = 0; i < text.size(); ++i) {
    for_each_group(text[i], [&](std::size_t g) { positions[fill[g]++] = i; });
  }

  Scratch scratch{{}, {}, kMaxWordChecks};
  for (const Walk& walk : walks_) {
    if (walk_found(walk, search, positions, begin.data(), scratch)) return true;
  }
  return false;
}

}  // namespace pam_idaas::policy
