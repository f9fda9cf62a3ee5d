// The files that decide trust: the config file, the tenant's CA bundle, the
// weak-password lists, the breached-password filters and the client secret. Each is opened once,
// checked through the descriptor it was opened with, and then read or mapped
// through that same descriptor, so what was checked is what is used.
#pragma once

#include <sys/stat.h>

#include <string>

#include "base/files.h"

namespace pam_idaas::files {

// Who may read the file besides its owner: anyone (the config file is readable
// by all by design), or no one (the client secret).
enum class Readers { anyone, owner_only };

struct TrustedFile {
  UniqueFd fd;
  struct stat st {};
  int open_error = 0;  // errno of a failed open
  // Empty when `fd` may be used. Otherwise what is wrong and how to fix it,
  // written to follow the path: "<path> is writable by group or others ...".
  std::string problem;
};

// Opens `path` without following a final symbolic link and without blocking
// (a FIFO planted at the path), and refuses, with `problem` set and `fd`
// closed: a file that is not regular, a file owned by anyone but root (or
// the effective user: the admin tool and the tests run unprivileged), a file
// its group or others may write and, for Readers::owner_only, one they may
// read.
TrustedFile open_trusted(const std::string& path, Readers readers = Readers::anyone);

}  // namespace pam_idaas::files
