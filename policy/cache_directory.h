// A directory of small private files that outlive one PAM call: the token
// cache and the account status cache. Entries are named by the SHA-256 of
// their key, so a key (a user name, a URL) is never a path and the listing
// shows nobody's name.
#pragma once

#include <string>
#include <string_view>

#include "policy/private_file.h"

namespace pam_idaas::files {

class CacheDirectory {
 public:
  // Creates the directory (0700) when missing. Refuses a symbolic link, a
  // directory owned by another user than the effective one, or one that
  // others may enter. Throws FileError.
  explicit CacheDirectory(std::string path);

  // The file for `key` among entries of one `kind` ("token", "status").
  PrivateFile entry(std::string_view kind, std::string_view key) const;

 private:
  std::string path_;
};

// "<kind>-<64 hex digits>"
std::string entry_name(std::string_view kind, std::string_view key);

}  // namespace pam_idaas::files
