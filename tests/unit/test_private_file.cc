// PrivateFile::replace on a disk that fails: full (ENOSPC) or broken (EIO)
// at each step that can fail after the temporary file exists. The faults come
// through base/os.h, the seam every system call of replace goes through.
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "base/os.h"
#include "base/private_file.h"
#include "scratch_dir.h"

// Last: cmocka defines macros such as fail() that clash with the C++ library.
#include "cmocka_cpp.h"

namespace {

using pam_idaas::files::FileError;
using pam_idaas::files::PrivateFile;
namespace os = pam_idaas::os;

// ---- the faulty disk ------------------------------------------------------

enum class Step { write, fsync, close, rename };

// The `skip`-th call of `step` after install fails with `error`.
struct Fault {
  Step step;
  int error;
  int skip;
  int struck;  // how often it failed: a test whose fault never fired proves nothing
};

Fault fault_at(Step step, int error, int skip = 0) { return Fault{step, error, skip, 0}; }

Fault* active_fault = nullptr;

bool strikes(Step step) {
  if (active_fault == nullptr || active_fault->step != step) return false;
  if (active_fault->skip-- != 0) return false;
  ++active_fault->struck;
  errno = active_fault->error;
  return true;
}

const os::Calls& real() { return os::system_calls(); }

// Half of what it is given at a time, as a disk filling up does, so that
// replace must loop and a later write can fail half-way through the file.
ssize_t halting_write(int fd, const void* data, std::size_t size) {
  if (strikes(Step::write)) return -1;
  return real().write(fd, data, std::max<std::size_t>(1, size / 2));
}

int faulty_fsync(int fd) { return strikes(Step::fsync) ? -1 : real().fsync(fd); }

// Linux releases the descriptor even when close reports an error.
int faulty_close(int fd) {
  const int result = real().close(fd);
  return strikes(Step::close) ? -1 : result;
}

int faulty_rename(const char* from, const char* to) {
  return strikes(Step::rename) ? -1 : real().rename(from, to);
}

os::Calls faulty_calls() {
  os::Calls calls = real();
  calls.write = &halting_write;
  calls.fsync = &faulty_fsync;
  calls.close = &faulty_close;
  calls.rename = &faulty_rename;
  return calls;
}

// ---- fixture ---------------------------------------------------------------

const std::string kOld = "alice:$6$old$hash\nbob:$6$old$hash\n";

std::string new_content() {
  std::string content;
  for (int i = 0; i < 100; ++i) content += "user" + std::to_string(i) + ":$6$new$hash\n";
  return content;
}

// A scratch directory per test.
struct Directory : ScratchDir {
  Directory() : ScratchDir("test_private_file") {}
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

PrivateFile store_in(const Directory& dir) {
  return PrivateFile(dir.path() + "/history", "history file", 1024 * 1024);
}

// What replace throws under `fault`, with the file holding kOld before.
std::string replace_failing_with(const Directory& dir, Fault& fault) {
  const PrivateFile file = store_in(dir);
  file.replace(kOld);
  const os::Calls calls = faulty_calls();
  active_fault = &fault;
  std::string message;
  {
    const os::ScopedCalls faulty(calls);
    try {
      file.replace(new_content());
    } catch (const FileError& error) {
      message = error.what();
    }
  }
  active_fault = nullptr;
  return message;
}

void check_fault(Fault fault, const std::string& action) {
  const Directory dir;
  assert_false(dir.path().empty());
  const std::string message = replace_failing_with(dir, fault);

  assert_int_equal(fault.struck, 1);
  assert_str_eq(message,
                action + " history file " + dir.path() + "/history: " + strerror(fault.error));
  assert_true(read_file(dir.path() + "/history") == kOld);
  assert_true(std::string_view(store_in(dir).read()) == kOld);
  assert_true(names_in(dir.path()) == std::vector<std::string>{"history"});
}

// ---- tests ------------------------------------------------------------------

void write_fails_when_disk_is_full(void**) {
  check_fault(fault_at(Step::write, ENOSPC), "cannot write");
}

void write_fails_half_way_when_disk_fills(void**) {
  check_fault(fault_at(Step::write, ENOSPC, 3), "cannot write");
}

void write_fails_with_io_error(void**) { check_fault(fault_at(Step::write, EIO), "cannot write"); }

void fsync_fails_when_disk_is_full(void**) {
  check_fault(fault_at(Step::fsync, ENOSPC), "cannot flush");
}

void fsync_fails_with_io_error(void**) { check_fault(fault_at(Step::fsync, EIO), "cannot flush"); }

void close_fails_when_disk_is_full(void**) {
  check_fault(fault_at(Step::close, ENOSPC), "cannot write");
}

void close_fails_with_io_error(void**) { check_fault(fault_at(Step::close, EIO), "cannot write"); }

void rename_fails_when_disk_is_full(void**) {
  check_fault(fault_at(Step::rename, ENOSPC), "cannot replace");
}

void rename_fails_with_io_error(void**) {
  check_fault(fault_at(Step::rename, EIO), "cannot replace");
}

// The same path with the faulty table but no fault: the checks above can
// tell a replaced file from a kept one.
void replace_through_the_seam_without_fault_replaces(void**) {
  const Directory dir;
  const PrivateFile file = store_in(dir);
  file.replace(kOld);
  const os::Calls calls = faulty_calls();
  {
    const os::ScopedCalls faulty(calls);
    file.replace(new_content());
  }
  assert_true(read_file(dir.path() + "/history") == new_content());
  assert_true(names_in(dir.path()) == std::vector<std::string>{"history"});
}

void the_system_calls_are_in_use_unless_a_test_installs_others(void**) {
  assert_ptr_equal(&os::calls(), &os::system_calls());
  const os::Calls calls = faulty_calls();
  {
    const os::ScopedCalls faulty(calls);
    assert_ptr_equal(&os::calls(), &calls);
  }
  assert_ptr_equal(&os::calls(), &os::system_calls());
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(write_fails_when_disk_is_full),
      cmocka_unit_test(write_fails_half_way_when_disk_fills),
      cmocka_unit_test(write_fails_with_io_error),
      cmocka_unit_test(fsync_fails_when_disk_is_full),
      cmocka_unit_test(fsync_fails_with_io_error),
      cmocka_unit_test(close_fails_when_disk_is_full),
      cmocka_unit_test(close_fails_with_io_error),
      cmocka_unit_test(rename_fails_when_disk_is_full),
      cmocka_unit_test(rename_fails_with_io_error),
      cmocka_unit_test(replace_through_the_seam_without_fault_replaces),
      cmocka_unit_test(the_system_calls_are_in_use_unless_a_test_installs_others),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
