#include "bench/filter_builds.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "policy/breach_filter.h"

namespace pam_idaas::bench {
namespace {

double seconds_of(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// "... bits each, 12.3 s" → 12.3
double printed_seconds(const std::string& output) {
  const auto comma = output.rfind(", ");
  if (comma == std::string::npos) return 0;
  return std::strtod(output.c_str() + comma + 2, nullptr);
}

}  // namespace

BuildResult build_filter(const std::string& cli, const std::string& input,
                         const std::string& output, const std::string& log,
                         const std::string& record) {
  const auto started = std::chrono::steady_clock::now();
  const pid_t child = ::fork();
  if (child < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (child == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || ::dup2(fd, STDOUT_FILENO) < 0 || ::dup2(fd, STDERR_FILENO) < 0) ::_exit(127);
    ::execl(cli.c_str(), cli.c_str(), "filter", "build", "--format", "plain", input.c_str(),
            output.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  while (::wait4(child, &status, 0, &usage) < 0) {
    if (errno != EINTR) throw std::runtime_error(std::string("wait4: ") + std::strerror(errno));
  }
  BuildResult r;
  r.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::string said = slurp(log);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("pam-idaas filter build " + input + " failed: " + said);
  }
  r.cpu_seconds = seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime);
  r.peak_rss_kib = static_cast<std::uint64_t>(usage.ru_maxrss);
  r.printed_seconds = printed_seconds(said);
  const policy::BreachFilter filter(output);
  r.entries = filter.entries();
  r.bytes = filter.file_bytes();
  char when[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  r.when = when;
  std::ofstream(record) << r.entries << ' ' << r.bytes << ' ' << r.wall_seconds << ' '
                        << r.cpu_seconds << ' ' << r.printed_seconds << ' ' << r.peak_rss_kib << ' '
                        << r.when << '\n';
  return r;
}

void build_pwqfilter(const std::string& input, std::uint64_t entries, const std::string& output,
                     const std::string& log) {
  struct stat list {}, built {};
  if (::stat(output.c_str(), &built) == 0 && ::stat(input.c_str(), &list) == 0 &&
      built.st_mtime >= list.st_mtime) {
    return;
  }
  // pwqfilter fills to about 98% of its capacity; some room to spare.
  const std::string capacity = "--create=" + std::to_string(entries + entries / 10);
  const std::string out = "--output=" + output;
  const pid_t child = ::fork();
  if (child < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (child == 0) {
    const int in = ::open(input.c_str(), O_RDONLY | O_CLOEXEC);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (in < 0 || fd < 0 || ::dup2(in, STDIN_FILENO) < 0 || ::dup2(fd, STDOUT_FILENO) < 0 ||
        ::dup2(fd, STDERR_FILENO) < 0) {
      ::_exit(127);
    }
    ::execlp("pwqfilter", "pwqfilter", capacity.c_str(), out.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    ::unlink(output.c_str());
    throw std::runtime_error("pwqfilter (package passwdqc) on " + input + " failed: " + slurp(log));
  }
}

std::optional<BuildResult> reuse_build(const std::string& output, const std::string& record) {
  std::ifstream in(record);
  BuildResult r;
  if (!(in >> r.entries >> r.bytes >> r.wall_seconds >> r.cpu_seconds >> r.printed_seconds >>
        r.peak_rss_kib) ||
      !std::getline(in >> std::ws, r.when)) {
    return std::nullopt;
  }
  try {
    const policy::BreachFilter filter(output);
    if (filter.entries() != r.entries || filter.file_bytes() != r.bytes) return std::nullopt;
  } catch (const policy::BreachFilterError&) {
    return std::nullopt;
  }
  return r;
}

}  // namespace pam_idaas::bench
