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

// Moves the bytes of `from` up to the first line end into `line` (at most the
// input cap and one more); true when a line end was seen.
bool take_line(Secret& from, Secret& line) {
  for (std::size_t i = 0; i < from.size(); ++i) {
    if (from[i] == '\n') {
      from.erase(0, i + 1);
      return true;
    }
    if (line.size() <= policy::kInputCapBytes) line.push_back(from[i]);
  }
  from.clear();
  return false;
}

}  // namespace

PasswordReader::PasswordReader(int fd) : fd_(fd), terminal_(isatty(fd) != 0) {}

// read(2) into a buffer of our own rather than stdio, whose buffer would keep
// a copy of the password that nobody wipes.
Secret PasswordReader::line(const char* prompt) {
  if (terminal_) std::fputs(prompt, stderr);
  Secret line;
  line.reserve(policy::kInputCapBytes + 1);
  bool end_of_line = take_line(pending_, line);
  {
    const EchoOff quiet(terminal_ ? fd_ : -1);
    char buffer[4096];
    while (!end_of_line && !ended_) {
      const ssize_t n = read(fd_, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ended_ = true;
        break;
      }
      pending_.assign(buffer, static_cast<std::size_t>(n));
      end_of_line = take_line(pending_, line);
    }
    explicit_bzero(buffer, sizeof buffer);
  }
  if (terminal_) std::fputs("\n", stderr);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Secret read_password_line(int fd) { return PasswordReader(fd).line("Password: "); }

}  // namespace pam_idaas::cli
