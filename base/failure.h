// How base/ and the stores above it turn a failed step into an exception of
// their own type, with one message shape for a failed system call:
// "<action>: <the system's words for errno>".
#pragma once

#include <cerrno>
#include <string>

#include "base/files.h"

namespace pam_idaas::files {

template <typename Error>
[[noreturn]] void fail(const std::string& message) {
  throw Error(message);
}

template <typename Error>
[[noreturn]] void fail_system(const std::string& action, int error) {
  fail<Error>(action + ": " + error_text(error));
}

// For a step that has just set errno: read before building the message, which
// allocates and may change it.
template <typename Error, typename Message>
[[noreturn]] void fail_errno(Message action) {
  const int error = errno;
  fail_system<Error>(action(), error);
}

}  // namespace pam_idaas::files
