// The password history: the last N passwords of each user, as salted libcrypt
// hashes, in root-only files (never plaintext, never unsalted).
//
// File format, one line per user, newest hash first:
//   alice:$y$j9T$...,$y$j9T$...
// The shared file (policy.history.file) holds every user's line. Writers
// first take the user's own lock ("<file>-<sha256 of user>.lock"), then the
// shared file's ("<file>.lock") only around the read-modify-write, and
// replace the file atomically (temporary file in the same directory, fsync,
// rename), so readers need no lock and never see a half-written file.
//
// A user can stop their own set-user-ID passwd while it holds the shared
// lock. The changes of everybody else then put their line, after a bounded
// wait, in their own file "<file>-<sha256 of user>" (same format, one line),
// which is read first and folded back into the shared file by that user's
// next change: a stopped writer delays other users' entries, it never loses
// them. Only a change of the same user, waiting on that user's own lock,
// loses its entry (HistoryError says so).
#pragma once

#include <optional>
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
  // `lock_wait_ms` bounds each wait for a lock: the store is used inside
  // passwd, login and sshd, which must not hang on a stopped writer. (A count,
  // not std::chrono: <chrono> brings <ios>, whose fail() cmocka's macro
  // breaks in tests that include this header after cmocka.)
  explicit PasswordHistory(HistoryRule rule, unsigned lock_wait_ms = 5000);

  // True when `password` matches one of the user's newest `remember` hashes.
  // A missing file means no history. An existing directory of the file must
  // pass files::check_private_directory (not writable by group or others);
  // record() creates a missing one (0700). Throws HistoryError.
  bool contains(std::string_view user, std::string_view password) const;

  // Hashes `password` with a fresh salt and makes it the user's newest entry,
  // keeping at most `remember` entries. Creates the file (mode 0600) if
  // missing. Returns, for the log, why the entry went to the user's own file
  // instead of the shared one; nothing when it went to the shared one.
  // Throws HistoryError, also when the user's own lock stayed held.
  std::optional<std::string> record(std::string_view user, std::string_view password);

  const HistoryRule& rule() const { return rule_; }

 private:
  HistoryRule rule_;
  unsigned lock_wait_ms_;
};

}  // namespace pam_idaas::policy
