#include "base/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <system_error>

#include "base/os.h"

namespace pam_idaas::files {

UniqueFd::~UniqueFd() {
  if (valid()) os::calls().close(fd_);
}

int UniqueFd::close() noexcept { return os::calls().close(std::exchange(fd_, -1)); }

UniqueFd open_for_reading(const std::string& path) {
  return UniqueFd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
}

namespace {

template <typename Text>
BasicContents<Text> read_into(int fd, std::size_t max_bytes, std::size_t size_hint) {
  constexpr std::size_t kChunk = 64 * 1024;
  BasicContents<Text> out;
  // One spare byte: the usual case is one read plus the read that sees EOF,
  // and a file that grew past the limit is noticed.
  out.text.resize(std::min(size_hint, max_bytes) + 1);
  std::size_t used = 0;
  for (;;) {
    if (used == out.text.size()) out.text.resize(used + kChunk);
    const ssize_t got = ::read(fd, out.text.data() + used, out.text.size() - used);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      out.error = errno;
      return out;
    }
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
    if (used > max_bytes) {
      out.too_large = true;
      return out;
    }
  }
  out.text.resize(used);
  return out;
}

}  // namespace

Contents read_bounded(int fd, std::size_t max_bytes, std::size_t size_hint) {
  return read_into<Secret>(fd, max_bytes, size_hint);
}

PlainContents read_bounded_plain(int fd, std::size_t max_bytes, std::size_t size_hint) {
  return read_into<std::string>(fd, max_bytes, size_hint);
}

int give_to_root_group(int fd) {
  if (::geteuid() != 0 || ::getegid() == 0) return 0;
  return ::fchown(fd, 0, 0) == 0 ? 0 : errno;
}

int make_private_directory(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) != 0) return errno == EEXIST ? 0 : errno;
  const UniqueFd dir(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  return dir.valid() ? give_to_root_group(dir.get()) : errno;
}

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode & 07777u);
  return text;
}

std::string error_text(int error) { return std::generic_category().message(error); }

}  // namespace pam_idaas::files
