// Passwords too common to allow: the built-in list (the most common passwords
// from @zxcvbn-ts/language-common), extra list files and extra words, all
// compared after case folding.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>

#include "policy/settings.h"

namespace pam_idaas::policy {

class WeakListError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class WeakList {
 public:
  // Reads the extra files; throws WeakListError naming a file it cannot read.
  explicit WeakList(const WeakPasswordRule& rule);

  // `folded_utf8` is the case-folded password, UTF-8 encoded.
  bool contains(std::string_view folded_utf8) const;
  std::size_t extra_count() const { return extra_.size(); }

 private:
  void add(std::string_view word);
  void add_file(const std::string& path);

  // Transparent, so a lookup needs no std::string copy of the password.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  bool builtin_;
  std::unordered_set<std::string, Hash, std::equal_to<>> extra_;
};

}  // namespace pam_idaas::policy
