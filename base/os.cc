#include "base/os.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef PAM_IDAAS_TEST_OS
#include <atomic>
#endif

namespace pam_idaas::os {

namespace {

// Lambdas, not the functions' addresses: open is variadic, and glibc may
// declare any of them with attributes a plain pointer type does not carry.
constexpr Calls kSystem{
    [](char* pattern, int flags) { return ::mkostemp(pattern, flags); },
    [](const char* path, int flags, mode_t mode) { return ::open(path, flags, mode); },
    [](int fd, mode_t mode) { return ::fchmod(fd, mode); },
    [](int fd, const void* data, std::size_t size) { return ::write(fd, data, size); },
    [](int fd) { return ::fsync(fd); },
    [](int fd) { return ::close(fd); },
    [](const char* from, const char* to) { return ::rename(from, to); },
    [](const char* path) { return ::unlink(path); },
};

#ifdef PAM_IDAAS_TEST_OS
std::atomic<const Calls*> current{&kSystem};
#endif

}  // namespace

const Calls& system_calls() noexcept { return kSystem; }

#ifdef PAM_IDAAS_TEST_OS
const Calls& calls() noexcept { return *current.load(std::memory_order_acquire); }

ScopedCalls::ScopedCalls(const Calls& replacement) noexcept
    : previous_(current.exchange(&replacement, std::memory_order_acq_rel)) {}

ScopedCalls::~ScopedCalls() { current.store(previous_, std::memory_order_release); }
#else
// The shipped objects have no table to swap: no mutable state in the host's process.
const Calls& calls() noexcept { return kSystem; }
#endif

}  // namespace pam_idaas::os
