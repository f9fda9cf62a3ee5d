#pragma once

#include "base/secure_string.h"

namespace pam_idaas::cli {

// Passwords one line at a time from `fd`, without their line endings. On a
// terminal each line is read with echo off after a prompt on stderr. Bytes
// past the policy's input cap are read and dropped (the check then reports
// the password as too long), so a huge line costs no memory. Bytes read past
// a line are kept, wiped, for the next one: the current password and the new
// one can come down one pipe, never through argv or the environment.
class PasswordReader {
 public:
  explicit PasswordReader(int fd);
  PasswordReader(const PasswordReader&) = delete;
  PasswordReader& operator=(const PasswordReader&) = delete;

  Secret line(const char* prompt);

 private:
  int fd_;
  bool terminal_;
  Secret pending_;  // read past the last line
  bool ended_ = false;
};

// One line, after the prompt "Password: ".
Secret read_password_line(int fd);

}  // namespace pam_idaas::cli
