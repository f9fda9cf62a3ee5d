#include "policy/name_matcher.h"

#include <string.h>

#include <algorithm>
#include <bit>

#include "base/unicode.h"
#include "base/utf8.h"
#include "policy/guess/dictionary.h"
#include "policy/lexicon.h"
#include "policy/look_alike.h"

namespace pam_idaas::policy {

namespace {

// Common-word look-ups one search makes at most: a password of 64 characters
// holds at most 16 pieces of a name part of 4 letters.
constexpr unsigned kMaxWordChecks = 32;

// Up to this length found_in() reads the text for each walk's first
// characters instead of grouping its positions by character.
constexpr std::size_t kScannedLength = 32;

// Whether a start at character `c` belongs to group g of found_in(): its
// ASCII character, kOther (128) for all others, kIOrL under both "i" and "l".
bool in_group(const NameSearch& search, char32_t c, std::size_t g) {
  if (search.look_alikes && c == look_alike::kIOrL) return g == 'i' || g == 'l';
  return (c < 128 ? static_cast<std::size_t>(c) : std::size_t{128}) == g;
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
  for (const std::u32string_view reading : slot) {
    if (reading.empty()) {
      anywhere = true;
    } else {
      note(false, reading.front());
    }
  }
}

void NameMatcher::Openers::note(bool i_or_l, char32_t c) {
  if (i_or_l) {
    note(false, 'i');
    note(false, 'l');
  } else if (c < 128) {
    ascii[c >> 6] |= std::uint64_t{1} << (c & 63);
  } else {
    other = true;
  }
}

bool NameMatcher::Openers::may_open_any(const Openers& present) const {
  return anywhere || (ascii[0] & present.ascii[0]) != 0 || (ascii[1] & present.ascii[1]) != 0 ||
         (other && present.other);
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
  slots.push_back(slot);
}

std::u32string_view NameMatcher::kept(std::u32string_view text) {
  const std::size_t at = text_.size();
  text_.append(text);
  return std::u32string_view(text_).substr(at, text.size());
}

// Han characters become one slot each (their readings and, disguised, the
// character itself); runs of letters and digits become one slot per word;
// everything else (spaces, "·", "-", ".") separates words. Disguised, letters
// without case (Arabic, kana, Hangul) are letters too, not separators.
NameMatcher::Slot NameMatcher::slot_since(std::size_t first) const {
  return Slot(views_).subspan(first);
}

// Han characters become one slot each (their readings and, disguised, the
// character itself); runs of letters and digits become one slot per word;
// everything else (spaces, "·", "-", ".") separates words. Disguised, letters
// without case (Arabic, kana, Hangul) are letters too, not separators.
void NameMatcher::split_name(std::string_view real_name, bool disguised) {
  const auto decoded = utf8::decode(real_name);
  if (!decoded.ok) return;
  const Secret32 name = unicode::fold(decoded.text);
  std::vector<std::string_view> pinyin(name.size());
  // Room for everything kept() is given, so that no view into text_ (nor
  // slot of views_) moves: per character, its readings (fewer characters
  // than their Pinyin text, fewer views than its characters and a space),
  // itself, and the initials of its readings (at most one per reading).
  std::size_t room = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    pinyin[i] = lexicon::pinyin(name[i]);
    room += 2 * pinyin[i].size() + 3;
  }
  text_.reserve(room);
  views_.reserve(room + 1);
  name_.slots.reserve(std::min(name.size(), kMaxSlots));
  name_.openers.reserve(std::min(name.size(), kMaxSlots));
  auto add = [this](Slot slot) {
    if (name_.slots.size() < kMaxSlots) name_.add(slot);
  };
  std::size_t word = 0;  // where the word being read begins in text_
  auto end_word = [&] {
    if (text_.size() <= word) return;
    views_.push_back(std::u32string_view(text_).substr(word));
    add(slot_since(views_.size() - 1));
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char32_t c = name[i];
    if (!pinyin[i].empty()) {
      end_word();
      add(readings_of(pinyin[i], c, disguised));
    } else if (unicode::classify(c) != unicode::CharClass::special ||
               (disguised && unicode::is_caseless_letter(c))) {
      text_.push_back(c);
      continue;
    } else {
      end_word();
    }
    word = text_.size();
  }
  end_word();
}

// The space-separated readings of the Pinyin table, and the character itself
// when the rule's `disguised` is on.
NameMatcher::Slot NameMatcher::readings_of(std::string_view pinyin, char32_t c, bool disguised) {
  const std::size_t first = views_.size();
  std::size_t begin = 0;
  while (begin < pinyin.size()) {
    std::size_t end = pinyin.find(' ', begin);
    if (end == std::string_view::npos) end = pinyin.size();
    const std::size_t at = text_.size();
    text_.resize(at + (end - begin));
    for (std::size_t i = begin; i < end; ++i)
      text_[at + i - begin] = static_cast<char32_t>(pinyin[i]);
    views_.push_back(std::u32string_view(text_).substr(at));
    begin = end + 1;
  }
  if (disguised) views_.push_back(kept({&c, 1}));
  return slot_since(first);
}

NameMatcher::NameMatcher(std::string_view real_name, const PersonalDataRule& rule) {
  split_name(real_name, rule.disguised);
  if (name_.slots.empty()) return;
  walks_.reserve(2 * name_.slots.size());
  add_whole_name(name_, rule.min_length);
  add_name_parts(rule.name_part_min_length);
  if (rule.name_initials && name_.slots.size() >= 2) {
    add_initials();
    // Initials only of the whole name: one part's initial would forbid a letter.
    add_whole_name(initials_, 0);
  }
}

// Each slot's distinct first characters.
void NameMatcher::add_initials() {
  initials_.slots.reserve(name_.slots.size());
  initials_.openers.reserve(name_.slots.size());
  for (const Slot& slot : name_.slots) {
    const std::size_t first_view = views_.size();
    for (const std::u32string_view reading : slot) {
      const char32_t first = reading.front();
      const Slot firsts = slot_since(first_view);
      const bool known = std::any_of(firsts.begin(), firsts.end(),
                                     [first](std::u32string_view f) { return f.front() == first; });
      if (!known) views_.push_back(kept({&first, 1}));
    }
    initials_.add(slot_since(first_view));
  }
}

// The name in its own order and, at every split point, given name first:
// splitting everywhere covers compound surnames (欧阳) without a surname table.
void NameMatcher::add_whole_name(const Source& source, std::size_t min_match) {
  const std::size_t n = source.slots.size();
  for (std::size_t k = 0; k < n; ++k) {
    Walk rotated{&source, n, {}, {}, {}};
    rotated.min_match.fill(Walk::kNoPattern);
    rotated.part.fill(n == 1);
    for (std::size_t i = 0; i < n; ++i) rotated.order[i] = static_cast<std::uint8_t>((k + i) % n);
    rotated.min_match[n - 1] = min_match;
    walks_.push_back(rotated);
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
  for (std::size_t depth = 0; depth < walk.size; ++depth) {
    const std::size_t index = walk.order[depth];
    next.clear();
    for (const std::size_t entry : ends) {
      const std::size_t pos = entry >> 1;
      if (!source.openers[index].may_open(text, pos, search.look_alikes)) continue;
      for (const std::u32string_view reading : source.slots[index]) {
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
  // The starts of group g in increasing order, from the groups or, without
  // them (a short text), read off the text: the same starts in the same order.
  auto tried = [&](std::size_t g) {
    if (group_begin == nullptr) {
      for (std::size_t pos = 0; pos < search.text.size(); ++pos) {
        if (in_group(search, search.text[pos], g) && matches_at(walk, search, pos, scratch)) {
          return true;
        }
      }
      return false;
    }
    for (std::size_t i = group_begin[g]; i < group_begin[g + 1]; ++i) {
      if (matches_at(walk, search, positions[i], scratch)) return true;
    }
    return false;
  };
  const Openers& openers = walk.source->openers[walk.order[0]];
  if (openers.anywhere) {
    for (std::size_t pos = 0; pos < search.text.size(); ++pos) {
      if (matches_at(walk, search, pos, scratch)) return true;
    }
    return false;
  }
  for (std::size_t word = 0; word < openers.ascii.size(); ++word) {
    for (std::uint64_t bits = openers.ascii[word]; bits != 0; bits &= bits - 1) {
      const std::size_t g = 64 * word + static_cast<std::size_t>(std::countr_zero(bits));
      if (tried(g)) return true;
    }
  }
  return openers.other && tried(kOther);
}

bool NameMatcher::found_in(const NameSearch& search) const {
  if (walks_.empty()) return false;
  const std::u32string_view text = search.text;
  Scratch scratch{{}, {}, kMaxWordChecks};
  // A password of ordinary length is read once per first character of a
  // walk: cheaper than grouping its positions (130 groups counted and summed).
  if (text.size() <= kScannedLength) {
    // Walks whose first slot opens with no character of the text are skipped.
    Openers present;
    for (const char32_t c : text) present.note(search.look_alikes && c == look_alike::kIOrL, c);
    for (const Walk& walk : walks_) {
      if (walk.source->openers[walk.order[0]].may_open_any(present) &&
          walk_found(walk, search, {}, nullptr, scratch)) {
        return true;
      }
    }
    return false;
  }
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

  for (const Walk& walk : walks_) {
    if (walk_found(walk, search, positions, begin.data(), scratch)) return true;
  }
  return false;
}

}  // namespace pam_idaas::policy
