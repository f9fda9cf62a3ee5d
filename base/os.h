// The system calls that put a private file on disk, gathered in one table
// (as fmtlib's src/os.cc gathers its own) so that a test can make any of
// them fail the way a full or failing disk does. The product calls the real
// ones through a pointer: one indirect call next to a system call.
#pragma once

#include <sys/types.h>

#include <cstddef>

namespace pam_idaas::os {

struct Calls {
  int (*mkostemp)(char* pattern, int flags);
  int (*open)(const char* path, int flags, mode_t mode);
  int (*fchmod)(int fd, mode_t mode);
  ssize_t (*write)(int fd, const void* data, std::size_t size);
  int (*fsync)(int fd);
  int (*close)(int fd);
  int (*rename)(const char* from, const char* to);
  int (*unlink)(const char* path);
};

// The real system calls.
const Calls& system_calls() noexcept;

// The table in use: system_calls(), or in the tests' build of this library
// (PAM_IDAAS_TEST_OS) the one a test installed.
const Calls& calls() noexcept;

#ifdef PAM_IDAAS_TEST_OS
// `replacement` is the table in use until this object dies.
// Install it before any other thread touches files; `replacement` must
// outlive this object.
class ScopedCalls {
 public:
  explicit ScopedCalls(const Calls& replacement) noexcept;
  ScopedCalls(const ScopedCalls&) = delete;
  ScopedCalls& operator=(const ScopedCalls&) = delete;
  ~ScopedCalls();

 private:
  const Calls* previous_;
};
#endif

}  // namespace pam_idaas::os
