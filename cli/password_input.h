#pragma once

#include "policy/secure_string.h"

namespace pam_idaas::cli {

// One line from `fd`, without its line ending. On a terminal the line is read
// with echo off after a prompt on stderr. Bytes past the policy's input cap
// are read and dropped (the check then reports the password as too long), so
// a huge line costs no memory.
Secret read_password_line(int fd);

}  // namespace pam_idaas::cli
