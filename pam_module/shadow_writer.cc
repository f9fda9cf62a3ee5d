#include "pam_module/shadow_writer.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <thread>

#include "base/files.h"
#include "base/secure_string.h"

namespace pam_idaas::module {
namespace {

using Clock = std::chrono::steady_clock;
using files::UniqueFd;

// Only root may have put it there: a writable or foreign-owned file would
// run someone else's code as root with the new hash.
std::string unsafe_writer() {
  struct stat status {};
  if (::stat(kChpasswd, &status) != 0) return std::string(kChpasswd) + " missing";
  if (!S_ISREG(status.st_mode)) return std::string(kChpasswd) + " is not a regular file";
  if (status.st_uid != 0) return std::string(kChpasswd) + " is not owned by root";
  if ((status.st_mode & 022) != 0) return std::string(kChpasswd) + " is group/other writable";
  return {};
}

// The child's descriptors must not be 0, 1 or 2 before it arranges them: a
// dup2 onto itself would keep close-on-exec set.
UniqueFd above_stdio(int fd) {
  UniqueFd original(fd);
  if (fd < 0) return UniqueFd();
  return UniqueFd(::fcntl(fd, F_DUPFD_CLOEXEC, 3));
}

// While chpasswd runs, its exit status must reach this waitpid: SIG_IGN would
// let the kernel discard it, and a host's handler reaping any child could take
// it. No handler of ours is installed; the host's disposition comes back.
class DefaultChildSignal {
 public:
  DefaultChildSignal() {
    struct sigaction plain {};
    plain.sa_handler = SIG_DFL;
    sigemptyset(&plain.sa_mask);
    saved_ = ::sigaction(SIGCHLD, &plain, &host_) == 0;
  }
  ~DefaultChildSignal() {
    if (saved_) ::sigaction(SIGCHLD, &host_, nullptr);
  }
  DefaultChildSignal(const DefaultChildSignal&) = delete;
  DefaultChildSignal& operator=(const DefaultChildSignal&) = delete;

 private:
  struct sigaction host_ {};
  bool saved_ = false;
};

// In the forked child: async-signal-safe calls only.
[[noreturn]] void become_chpasswd(int input, int null_device, int open_max) {
  static char kName[] = "chpasswd", kEncrypted[] = "-e";
  static char kPath[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
  char* const argv[] = {kName, kEncrypted, nullptr};
  char* const envp[] = {kPath, nullptr};
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  if (::dup2(input, 0) < 0 || ::dup2(null_device, 1) < 0 || ::dup2(null_device, 2) < 0) _exit(126);
  if (::close_range(3, ~0U, 0) != 0) {  // a kernel before 5.9
    for (int fd = 3; fd < open_max; ++fd) ::close(fd);
  }
  // A set-user-ID caller (passwd) has a real uid that is not 0: chpasswd
  // checks who runs it by the real uid.
  if (::geteuid() == 0 && ::setuid(0) != 0) _exit(126);
  ::execve(kChpasswd, argv, envp);
  _exit(127);
}

void send_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t sent = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return;  // chpasswd went away: its exit status tells
    text.remove_prefix(static_cast<std::size_t>(sent));
  }
}

// The child's wait status, or a description of why there is none.
HostWrite wait_for(pid_t pid, std::chrono::milliseconds bound) {
  const auto deadline = Clock::now() + bound;
  auto pause = std::chrono::milliseconds(1);
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return {false, "chpasswd's exit status was lost"};
    if (Clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return {false, "chpasswd killed after " + std::to_string(bound.count()) + " ms"};
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {true, "chpasswd -e"};
  if (WIFEXITED(status)) return {false, "chpasswd exited " + std::to_string(WEXITSTATUS(status))};
  return {false, "chpasswd ended by signal " + std::to_string(WTERMSIG(status))};
}

HostWrite run_chpasswd(std::string_view line, std::chrono::milliseconds bound) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    return {false, std::string("socketpair: ") + strerror(errno)};
  }
  // A socket, not a pipe: send(MSG_NOSIGNAL) cannot raise SIGPIPE in the host.
  UniqueFd ours = above_stdio(pair[0]);
  UniqueFd theirs = above_stdio(pair[1]);
  UniqueFd null_device = above_stdio(::open("/dev/null", O_RDWR | O_CLOEXEC));
  if (!ours.valid() || !theirs.valid() || !null_device.valid()) {
    return {false, "no descriptors for chpasswd"};
  }
  const int open_max = static_cast<int>(std::min(::sysconf(_SC_OPEN_MAX), 65536L));
  const DefaultChildSignal child_signal;
  const pid_t pid = ::fork();
  if (pid < 0) return {false, std::string("fork: ") + strerror(errno)};
  if (pid == 0) become_chpasswd(theirs.get(), null_device.get(), open_max);
  theirs.close();
  send_all(ours.get(), line);
  ours.close();  // end of input: chpasswd writes and exits
  return wait_for(pid, bound);
}

}  // namespace

bool fit_for_shadow_line(std::string_view user) {
  if (user.empty()) return false;
  for (const char c : user) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == ':' || byte < 0x20 || byte == 0x7f) return false;
  }
  return true;
}

HostWrite write_shadow_hash(std::string_view user, std::string_view hash,
                            std::chrono::milliseconds bound) {
  if (::geteuid() != 0) return {false, "not root"};
  if (!fit_for_shadow_line(user)) return {false, "user name unfit for a shadow line"};
  if (!fit_for_shadow_line(hash)) return {false, "hash unfit for a shadow line"};
  if (std::string problem = unsafe_writer(); !problem.empty()) return {false, problem};
  Secret line(user);
  line += ':';
  line += hash;
  line += '\n';
  return run_chpasswd(line, bound);
}

}  // namespace pam_idaas::module
