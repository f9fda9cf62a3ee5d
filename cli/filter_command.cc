// pam-idaas filter build|check: the breached-password filter files that
// policy.weak_passwords.filters names.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/files.h"
#include "cli/breach_filter_build.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "policy/breach_filter.h"

namespace pam_idaas::cli {

namespace {

using policy::breach_filter::InputFormat;

constexpr const char* kUsage =
    "Usage: pam-idaas filter build [--format auto|plain|sha1|ntlm] INPUT OUTPUT\n"
    "       pam-idaas filter check FILE\n"
    "\n"
    "build  turns a list of breached passwords into a filter file for\n"
    "       policy.weak_passwords.filters. INPUT ('-' for standard input) holds one\n"
    "       entry a line: plain passwords, or SHA-1 (40 hex digits) or NTLM (32 hex\n"
    "       digits) hashes as breached-password corpora publish them, with or\n"
    "       without ':count'. --format auto (the default) goes by the first line.\n"
    "       OUTPUT is replaced at once when the new filter is complete.\n"
    "check  verifies a filter file, contents included, and describes it.\n"
    "\n"
    "Exit status: 0 success, 2 usage error, unreadable input or damaged filter.\n";

InputFormat format_named(std::string_view name) {
  if (name == "auto") return InputFormat::automatic;
  if (name == "plain") return InputFormat::plain;
  if (name == "sha1") return InputFormat::sha1_hex;
  if (name == "ntlm") return InputFormat::ntlm_hex;
  throw UsageError("--format must be auto, plain, sha1 or ntlm");
}

// A one-line progress display, redrawn at most ten times a second, on a
// terminal only: a log file gets the summary alone.
class ProgressLine {
 public:
  ProgressLine() : shown_(::isatty(STDERR_FILENO) == 1) {}
  ~ProgressLine() { finish(); }
  void show(std::string_view phase, std::uint64_t done, std::uint64_t total) {
    if (!shown_) return;
    const auto now = std::chrono::steady_clock::now();
    if (phase == phase_ && done != total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    phase_ = phase;
    if (total > 0) {
      std::fprintf(stderr, "\r%-9s %3u%%  ", phase_.c_str(),
                   static_cast<unsigned>(done * 100 / total));
    } else {
      std::fprintf(stderr, "\r%-9s %llu  ", phase_.c_str(), static_cast<unsigned long long>(done));
    }
    drawn_ = true;
  }
  void finish() {
    if (drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
  }

 private:
  bool shown_;
  bool drawn_ = false;
  std::string phase_;
  std::chrono::steady_clock::time_point last_{};
};

int build(std::string_view input, const std::string& output, InputFormat format) {
  const bool from_stdin = input == "-";
  const files::UniqueFd owned(from_stdin ? -1 : ::open(std::string(input).c_str(), O_RDONLY));
  const int fd = from_stdin ? STDIN_FILENO : owned.get();
  if (fd < 0) {
    std::cerr << "pam-idaas filter build: cannot open " << input << ": " << files::error_text(errno)
              << '\n';
    return kExitUsage;
  }
  struct stat st {};
  const std::uint64_t total =
      ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;

  const auto started = std::chrono::steady_clock::now();
  ProgressLine progress;
  policy::breach_filter::KeyReader reader(format);
  std::vector<char> buffer(1 << 20);
  std::size_t pending = 0;  // an unfinished line at the start of the buffer
  std::uint64_t read_so_far = 0;
  try {
    for (;;) {
      if (pending == buffer.size()) buffer.resize(buffer.size() * 2);  // a very long line
      const ssize_t n = ::read(fd, buffer.data() + pending, buffer.size() - pending);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        std::cerr << "pam-idaas filter build: cannot read " << input << ": "
                  << files::error_text(errno) << '\n';
        return kExitUsage;
      }
      const std::size_t filled = pending + static_cast<std::size_t>(n);
      const std::size_t used = reader.add_lines({buffer.data(), filled}, n == 0);
      std::copy(buffer.begin() + static_cast<std::ptrdiff_t>(used),
                buffer.begin() + static_cast<std::ptrdiff_t>(filled), buffer.begin());
      pending = filled - used;
      read_so_far += static_cast<std::uint64_t>(n);
      progress.show("reading", read_so_far, total);
      if (n == 0) break;
    }
    const auto built = policy::breach_filter::write_filter(
        reader.keys(), reader.key_type(), output,
        [&progress](std::string_view phase, std::uint64_t done, std::uint64_t all) {
          progress.show(phase, done, all);
        });
    progress.finish();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%s: %llu passwords (%llu lines, %s), %llu bytes, %.1f bits each, %.1f s\n",
                output.c_str(), static_cast<unsigned long long>(built.entries),
                static_cast<unsigned long long>(reader.lines()),
                reader.key_type() == policy::breach_filter::KeyType::ntlm ? "NTLM" : "SHA-1",
                static_cast<unsigned long long>(built.bytes),
                8.0 * static_cast<double>(built.bytes) / static_cast<double>(built.entries),
                seconds);
    return kExitOk;
  } catch (const policy::breach_filter::BuildError& e) {
    progress.finish();
    std::cerr << "pam-idaas filter build: " << input << ": " << e.what() << '\n';
    return kExitUsage;
  }
}

int check(const std::string& path) {
  try {
    const policy::BreachFilter filter(path);
    filter.verify();
    std::printf(
        "%s: OK, %llu passwords (%s keys), %llu bytes, %.1f bits each\n", path.c_str(),
        static_cast<unsigned long long>(filter.entries()),
        filter.key_type() == policy::breach_filter::KeyType::ntlm ? "NTLM" : "SHA-1",
        static_cast<unsigned long long>(filter.file_bytes()),
        8.0 * static_cast<double>(filter.file_bytes()) / static_cast<double>(filter.entries()));
    return kExitOk;
  } catch (const policy::BreachFilterError& e) {
    std::cerr << "pam-idaas filter check: " << e.what() << '\n';
    return kExitUsage;
  }
}

}  // namespace

int run_filter(std::span<char*> args) {
  if (args.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  try {
    const Options opts(args, {.with_value = {"--format"}, .flags = {"--help"}, .max_operands = 3});
    if (opts.flag("--help")) {
      std::cout << kUsage;
      return kExitOk;
    }
    const std::string_view action = opts.operand(0);
    const std::size_t words = opts.operands().size() - 1;
    if (action == "build") {
      if (words != 2) throw UsageError("build needs INPUT and OUTPUT");
      return build(opts.operand(1), std::string(opts.operand(2)),
                   format_named(opts.value("--format").value_or("auto")));
    }
    if (action == "check") {
      if (words != 1 || opts.value("--format")) throw UsageError("check needs one FILE");
      return check(std::string(opts.operand(1)));
    }
    throw UsageError("expected 'build' or 'check'");
  } catch (const UsageError& e) {
    std::cerr << "pam-idaas filter: " << e.what() << "\n\n" << kUsage;
    return kExitUsage;
  }
}

}  // namespace pam_idaas::cli
