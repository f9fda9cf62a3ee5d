// How close a new password is to the one it replaces (PWD.0007 with the
// finding similar_to_current), as pwquality's difok and passwdqc's similar=.
#pragma once

#include <string_view>

#include "policy/settings.h"

namespace pam_idaas::policy {

// Whether fewer than `rule.min_changes` edits (insert, delete or replace one
// character) turn `current` into the password, both compared case-folded
// with look-alike characters undone: Brass-Lamp-97 -> brass-lamp-97 and
// Summer2024! -> Summer2025! are too similar with the default 3. False when
// the rule is off, `current` is empty or not UTF-8.
bool too_similar(std::u32string_view folded_password, std::string_view current,
                 const SimilarityRule& rule);

// Whether at most `limit` edits turn `a` into `b`. Only the band of
// diagonals within `limit` of the main one is computed: O(length × limit).
bool within_edits(std::u32string_view a, std::u32string_view b, unsigned limit);

}  // namespace pam_idaas::policy
