// A file only its owner may read, kept consistent for concurrent writers:
// the history store and the cache entries. Readers take no lock and see
// the old or the new content, never a mix; writers serialise on
// "<file>.lock" and replace the file atomically.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

#include "base/files.h"
#include "base/secure_string.h"

namespace pam_idaas::files {

class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// lock() waited its bound: another process holds the lock (or is stopped
// holding it).
class LockTimeout : public FileError {
 public:
  using FileError::FileError;
};

class PrivateFile {
 public:
  // `label` names the file in messages ("history file /var/lib/...").
  PrivateFile(std::string path, std::string label, std::size_t max_bytes);

  // The whole content; empty when the file does not exist. The file must be a
  // regular file (no symlink), owned by the effective user, mode 0600 or
  // stricter, at most max_bytes. Throws FileError.
  Secret read() const;

  // An exclusive lock on "<file>.lock", held until the descriptor closes.
  // Waits at most `wait`: the file is used inside passwd, login and sshd,
  // which must not hang on a stuck writer. Creates the directory (0700) if
  // missing. Throws LockTimeout after the wait, FileError otherwise.
  UniqueFd lock(std::chrono::milliseconds wait = std::chrono::milliseconds(5000)) const;

  // Files root creates are root:root, even inside a set-user-ID program.
  // Writes a temporary file beside it (0600), syncs it, renames it over the
  // file and syncs the directory. Throws FileError; the old content stays.
  void replace(std::string_view content) const;

  // Removes the file (a missing one is fine) and syncs the directory.
  // Throws FileError.
  void remove() const;

  // Removes what a writer killed between creating its temporary file and
  // renaming it left behind: only names of this file's own pattern
  // (".<name>.XXXXXX"), only regular files of the effective user, only those
  // not modified for `age`. Call it holding lock(): no live writer has one
  // then. Returns how many were removed; never throws.
  unsigned remove_stale_temporaries(std::chrono::seconds age) const;

  const std::string& path() const { return path_; }

 private:
  std::string describe() const { return label_ + " " + path_; }

  std::string path_;
  std::string label_;
  std::size_t max_bytes_;
  std::string directory_;
  std::string name_;
};

}  // namespace pam_idaas::files
