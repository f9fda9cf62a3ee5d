#include "cli/password_input.h"

#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>

#include "policy/settings.h"

namespace pam_idaas::cli {

namespace {

// Turns terminal echo off for its lifetime.
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    active_ = tcgetattr(fd_, &saved_) == 0;
    if (!active_) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) tcsetattr(fd_, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

}  // namespace

// read(2) into a buffer of our own rather than stdio, whose buffer would keep
// a copy of the password that nobody wipes.
Secret read_password_line(int fd) {
  const bool terminal = isatty(fd) != 0;
  if (terminal) std::fputs("Password: ", stderr);
  Secret line;
  line.reserve(policy::kInputCapBytes + 1);
  char buffer[4096];
  {
    const EchoOff quiet(terminal ? fd : -1);
    bool end_of_line = false;
    while (!end_of_line) {
      const ssize_t n = read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      for (ssize_t i = 0; i < n && !end_of_line; ++i) {
        end_of_line = buffer[i] == '\n';
        if (!end_of_line && line.size() <= policy::kInputCapBytes) line.push_back(buffer[i]);
      }
    }
  }
  explicit_bzero(buffer, sizeof buffer);
  if (terminal) std::fputs("\n", stderr);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace pam_idaas::cli
