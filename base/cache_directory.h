// A directory of small private files that outlive one PAM call: the token
// cache and the account status cache. Entries are named by the SHA-256 of
// their key, so a key (a user name, a URL) is never a path and the listing
// shows nobody's name.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "base/private_file.h"

namespace pam_idaas::files {

// The check of a directory that holds root's private files (the caches, the
// password history). Refuses, with FileError "<label> <path> ...; not using
// it": a path that is not absolute; a symbolic link or anything but a
// directory; a directory owned by another user than the effective one; one
// with any of `forbidden_mode` set; one below a parent (followed through
// symbolic links as well as read literally) that is not owned by root or the
// effective user, or that group or others may write without the sticky bit
// (/tmp is fine: others cannot rename what is in it).
void check_private_directory(const std::string& path, std::string_view label,
                             mode_t forbidden_mode);

class CacheDirectory {
 public:
  // Creates the directory (0700) when missing, then checks it with
  // check_private_directory: nobody but its owner may even enter it (077).
  // Throws FileError.
  explicit CacheDirectory(std::string path);

  // The file for `key` among entries of one `kind` ("token", "status").
  PrivateFile entry(std::string_view kind, std::string_view key) const;

 private:
  std::string path_;
};

// "<kind>-<64 hex digits>"
std::string entry_name(std::string_view kind, std::string_view key);

}  // namespace pam_idaas::files
