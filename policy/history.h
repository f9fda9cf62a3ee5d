// The password history: the last N passwords of each user, as salted libcrypt
// hashes, in one root-only file (never plaintext, never unsalted).
//
// File format, one line per user, newest hash first:
//   alice:$y$j9T$...,$y$j9T$...
// Writers take an exclusive flock on "<file>.lock" and replace the file
// atomically (temporary file in the same directory, fsync, rename), so readers
// need no lock and never see a half-written file.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "policy/settings.h"

namespace pam_idaas::policy {

// The store cannot be used: unsafe permissions, corrupt content, I/O failure.
// The message names the file (and line, for corrupt content) and never
// contains a password or a hash.
class HistoryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class PasswordHistory {
 public:
  explicit PasswordHistory(HistoryRule rule);

  // True when `password` matches one of the user's newest `remember` hashes.
  // A missing file means no history. Throws HistoryError.
  bool contains(std::string_view user, std::string_view password) const;

  // Hashes `password` with a fresh salt and makes it the user's newest entry,
  // keeping at most `remember` entries. Creates the file (mode 0600) if
  // missing. Throws HistoryError.
  void record(std::string_view user, std::string_view password);

  const HistoryRule& rule() const { return rule_; }

 private:
  HistoryRule rule_;
};

}  // namespace pam_idaas::policy
