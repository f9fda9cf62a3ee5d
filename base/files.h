// The few file primitives that the config loader and the history store share:
// both read files that decide security, so both read them the same careful way.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <utility>

#include "base/secure_string.h"

namespace pam_idaas::files {

// Owns a file descriptor.
class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) noexcept : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  UniqueFd& operator=(UniqueFd&&) = delete;
  ~UniqueFd();

  int get() const noexcept { return fd_; }
  bool valid() const noexcept { return fd_ >= 0; }

  // For callers that must see the error: on some file systems a failed write
  // is reported only by close().
  int close() noexcept;

 private:
  int fd_;
};

// Opens for reading without following a final symlink and without blocking
// on a FIFO planted at the path (the caller's type check then refuses it).
UniqueFd open_for_reading(const std::string& path);

// Secret for what may hold one (history, client secret); std::string for the
// config file, which never does, and which every PAM call reads.
template <typename Text>
struct BasicContents {
  Text text;
  int error = 0;           // errno of a failed read
  bool too_large = false;  // more than the limit: text is meaningless
};
using Contents = BasicContents<Secret>;
using PlainContents = BasicContents<std::string>;

// The rest of the file, at most `max_bytes`; `size_hint` (from fstat) sizes
// the first read.
Contents read_bounded(int fd, std::size_t max_bytes, std::size_t size_hint);
PlainContents read_bounded_plain(int fd, std::size_t max_bytes, std::size_t size_hint);

// A file or directory that root creates belongs to root:root. Inside a
// set-user-ID program (a user's passwd) the effective gid is still the
// caller's, so without this the history store would be root:alice. Returns
// 0, or the errno of a failed fchown; does nothing for other users.
int give_to_root_group(int fd);

// mkdir 0700, given to root as above when root makes it. Returns 0 when the
// directory was made or a file of that name exists (the caller checks what
// it is), else the errno.
int make_private_directory(const std::string& path);

std::string octal_mode(mode_t mode);  // "0644"
std::string error_text(int error);    // strerror, thread-safe

}  // namespace pam_idaas::files
