#include "base/trusted_file.h"

#include <unistd.h>

#include <cerrno>

namespace pam_idaas::files {

namespace {

std::string open_failure(const std::string& path, int error) {
  struct stat st {};
  // O_NOFOLLOW reports a final symlink as ELOOP, which also means a loop.
  if (error == ELOOP && ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    return "is a symbolic link; refusing to follow it: name the file itself (readlink -f " + path +
           ")";
  }
  return "cannot be opened: " + error_text(error);
}

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "of an unknown type";
}

// Whoever may write the file decides what it lets through: only root (or
// whoever runs this, when that is not root: the admin tool, the tests).
std::string refusal(const std::string& path, const struct stat& st, Readers readers) {
  if (!S_ISREG(st.st_mode)) {
    return std::string("is not a regular file (it is ") + kind_of(st.st_mode) + ")";
  }
  if (st.st_uid != 0 && st.st_uid != ::geteuid()) {
    return "is owned by uid " + std::to_string(st.st_uid) + ", not root; refusing it: chown root " +
           path;
  }
  if (readers == Readers::owner_only && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return "is accessible by group or others (mode " + octal_mode(st.st_mode) +
           "); refusing it: chmod 600 " + path;
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return "is writable by group or others (mode " + octal_mode(st.st_mode) +
           "); refusing it: chmod go-w " + path;
  }
  return {};
}

}  // namespace

TrustedFile open_trusted(const std::string& path, Readers readers) {
  TrustedFile file{open_for_reading(path), {}, 0, {}};
  if (!file.fd.valid()) {
    file.open_error = errno;
    file.problem = open_failure(path, file.open_error);
    return file;
  }
  if (::fstat(file.fd.get(), &file.st) != 0) {
    file.problem = "cannot be examined: " + error_text(errno);
  } else {
    file.problem = refusal(path, file.st, readers);
  }
  if (!file.problem.empty()) file.fd.close();
  return file;
}

}  // namespace pam_idaas::files
