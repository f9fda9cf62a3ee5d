// Finds a person's real name inside a password: Chinese names as Pinyin
// (every reading of every character, both name orders, surname or given name
// alone, optionally initials), names in Latin letters as written. With the
// rule's `disguised`, also Han characters as themselves, names in scripts
// without case (Arabic, kana, Hangul...) and the searches of NameSearch.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "policy/settings.h"

namespace pam_idaas::policy {

// How a text is searched. Where a surname or given name alone lies inside a
// longer common word ("shan" in "shanghai"), it is not the name: `written`
// is the password as typed (case-folded, in the direction of `text`) where
// those words are looked up, and `origin` says where each character of
// `text` is in it (empty: at the same place; `written` empty: every match
// counts).
struct NameSearch {
  std::u32string_view text;
  bool look_alikes = false;  // look_alike::kIOrL in `text` stands for "i" or "l"
  std::u32string_view written;
  std::span<const std::uint32_t> origin;
};

class NameMatcher {
 public:
  NameMatcher(std::string_view real_name, const PersonalDataRule& rule);
  // Walks point into the matcher's own slots.
  NameMatcher(const NameMatcher&) = delete;
  NameMatcher& operator=(const NameMatcher&) = delete;

  // `folded` is the case-folded password.
  bool found_in(std::u32string_view folded) const { return found_in(NameSearch{folded, false, {}, {}}); }
  bool found_in(const NameSearch& search) const;

 private:
  // Longer names are not real names; the bound keeps matching cheap.
  static constexpr std::size_t kMaxSlots = 16;
  // One character of a Chinese name (its readings) or one word of a Latin
  // name: a run of views_, which view text_.
  using Slot = std::span<const std::u32string_view>;
  // The characters the readings of a slot begin with: one test rules out
  // most positions before any reading is compared there.
  struct Openers {
    std::array<std::uint64_t, 2> ascii{};  // a bit per ASCII character
    bool other = false;                    // some reading begins with a non-ASCII character
    bool anywhere = false;                 // some reading is empty
    Openers() = default;
    explicit Openers(const Slot& slot);
    // Adds `c` (with `i_or_l`, kIOrL: both "i" and "l").
    void note(bool i_or_l, char32_t c);
    // Whether a reading may begin with a character `present` holds.
    bool may_open_any(const Openers& present) const;
    bool may_open(std::u32string_view text, std::size_t pos, bool look_alikes) const;
    bool may_open_with(char32_t c) const {
      return c < 128 ? (ascii[c >> 6] >> (c & 63)) & 1 : other;
    }
  };
  // The slots patterns are made of: the name's, or their initials.
  struct Source {
    std::vector<Slot> slots;
    std::vector<Openers> openers;  // of each slot
    void add(Slot slot);
  };
  // A rotation of the whole name and the patterns that are its prefixes
  // (the given name after a split point; all surnames for the first
  // rotation), matched in one pass: a pattern matches at the depth where it
  // ends when the text matched so far is long enough.
  struct Walk {
    static constexpr std::size_t kNoPattern = static_cast<std::size_t>(-1);
    // Fixed arrays (a name has at most kMaxSlots slots): a matcher is built
    // for every check, and these were three allocations a walk.
    const Source* source;                           // &name_ or &initials_
    std::size_t size;                               // depths used, never 0
    std::array<std::uint8_t, kMaxSlots> order;      // indexes into source->slots
    std::array<std::size_t, kMaxSlots> min_match;   // per depth: of the pattern ending there, or kNoPattern
    std::array<bool, kMaxSlots> part;               // per depth: the pattern is a surname or given name alone
  };

  void split_name(std::string_view real_name, bool disguised);
  Slot readings_of(std::string_view pinyin, char32_t c, bool disguised);
  // The views added to views_ since `first`, as a slot.
  Slot slot_since(std::size_t first) const;
  void add_initials();
  // `text` kept in text_, which never grows past what the constructor reserved.
  std::u32string_view kept(std::u32string_view text);

  void add_whole_name(const Source& source, std::size_t min_match);
  void add_name_parts(std::size_t min_match);
  // The sets matches_at() reuses from one start to the next, and how many
  // more common-word look-ups this search may make.
  struct Scratch {
    std::vector<std::size_t> ends, next;
    unsigned word_checks_left;
  };
  static bool matches_at(const Walk& walk, const NameSearch& search, std::size_t start,
                         Scratch& scratch);
  static bool counts(const Walk& walk, std::size_t depth, const NameSearch& search,
                     std::size_t start, Scratch& scratch);
  bool walk_found(const Walk& walk, const NameSearch& search,
                  const std::vector<std::size_t>& positions, const std::size_t* group_begin,
                  Scratch& scratch) const;

  // Every reading and word of the name, in one buffer reserved once: one
  // allocation a matcher, not one per reading.
  std::u32string text_;
  std::vector<std::u32string_view> views_;  // reserved once too: slots are runs of it
  Source name_;
  Source initials_;
  std::vector<Walk> walks_;  // the name's rotations, then those of its initials
};

}  // namespace pam_idaas::policy
