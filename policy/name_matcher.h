// Finds a person's real name inside a password: Chinese names as Pinyin
// (every reading of every character, both name orders, surname or given name
// alone, optionally initials), names in Latin letters as written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "policy/settings.h"

namespace pam_idaas::policy {

class NameMatcher {
 public:
  NameMatcher(std::string_view real_name, const PersonalDataRule& rule);
  // Patterns point into the matcher's own slots.
  NameMatcher(const NameMatcher&) = delete;
  NameMatcher& operator=(const NameMatcher&) = delete;

  // `folded` is the case-folded password.
  bool found_in(std::u32string_view folded) const;

 private:
  // One character of a Chinese name (its readings) or one word of a Latin name.
  using Slot = std::vector<std::u32string>;
  struct Pattern {
    const std::vector<Slot>* source;  // slots_ or initials_
    std::vector<std::size_t> order;   // indexes into *source
    std::size_t min_match;            // shorter matches do not count
  };

  void add_whole_name(const std::vector<Slot>& source, std::size_t min_match);
  void add_name_parts(std::size_t min_match);
  static bool matches_at(const Pattern& pattern, std::u32string_view text, std::size_t start);

  std::vector<Slot> slots_;
  std::vector<Slot> initials_;
  std::vector<Pattern> patterns_;
};

}  // namespace pam_idaas::policy
