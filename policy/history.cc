#include "policy/history.h"

#include <crypt.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include "policy/files.h"
#include "policy/secure_string.h"
#include "policy/unicode.h"
#include "policy/utf8.h"

namespace pam_idaas::policy {
namespace {

// Far above any real installation (a line is a few hundred bytes per user),
// and small enough that a hostile or runaway file cannot exhaust memory.
constexpr std::size_t kMaxFileBytes = std::size_t{16} * 1024 * 1024;
constexpr std::size_t kMaxUserBytes = 256;
// A rewrite takes milliseconds; a lock held this long belongs to a stuck process.
constexpr std::chrono::milliseconds kLockWait{5000};

using files::UniqueFd;
using files::error_text;
using files::octal_mode;

struct CryptDataWiper {
  void operator()(crypt_data* data) const noexcept {
    explicit_bzero(data, sizeof *data);
    delete data;
  }
};
using CryptData = std::unique_ptr<crypt_data, CryptDataWiper>;

// Heap, not stack: the structure is ~32 KiB, too much for the stack of a
// process we do not own. Value-initialised, as crypt_r requires.
CryptData new_crypt_data() { return CryptData(new crypt_data{}); }

struct PathParts {
  std::string directory;
  std::string name;
};

struct UserLine {
  std::string_view user;
  std::string_view hashes;  // comma-separated, newest first
};

[[noreturn]] void fail(const std::string& message) { throw HistoryError(message); }

std::string describe(const std::string& path) { return "history file " + path; }

[[noreturn]] void fail_system(const std::string& action, int error) {
  fail(action + ": " + error_text(error));
}

[[noreturn]] void fail_too_large(const std::string& path) {
  fail(describe(path) + " is larger than " + std::to_string(kMaxFileBytes / (1024 * 1024)) +
       " MiB; refusing to read it");
}

[[noreturn]] void fail_corrupt(const std::string& path, std::size_t line_number,
                               const std::string& problem) {
  fail(describe(path) + " is corrupt: line " + std::to_string(line_number) + " " + problem +
       "; fix or remove the line");
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t end = text.find(separator);
    parts.push_back(text.substr(0, end));
    if (end == std::string_view::npos) return parts;
    text.remove_prefix(end + 1);
  }
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned>(static_cast<unsigned char>(a[i]) ^
                                        static_cast<unsigned char>(b[i]));
  }
  return difference == 0;
}

// ---- user names -----------------------------------------------------------

bool is_printable_utf8(std::string_view text) {
  const utf8::Decoded decoded = utf8::decode(text);
  return decoded.ok &&
         std::none_of(decoded.text.begin(), decoded.text.end(), unicode::is_control);
}

// Why `user` cannot be a key of the history file, or nullopt when it can.
// ':' ends the key, ',' and line breaks are separators of the format, and
// control characters would make the file unreadable for the admin.
std::optional<std::string> user_name_problem(std::string_view user) {
  if (user.empty()) return "it is empty";
  if (user.size() > kMaxUserBytes) {
    return "it is longer than " + std::to_string(kMaxUserBytes) + " bytes";
  }
  if (user.find_first_of(":,") != std::string_view::npos) return "it contains ':' or ','";
  if (!is_printable_utf8(user)) {
    return "it contains a control character or is not valid UTF-8";
  }
  return std::nullopt;
}

void require_valid_user(std::string_view user, const std::string& path) {
  if (const std::optional<std::string> problem = user_name_problem(user)) {
    fail("invalid user name for " + describe(path) + ": " + *problem);
  }
}

// ---- hashes ----------------------------------------------------------------

bool is_hash_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '/' || c == '$';
}

bool is_well_formed_hash(std::string_view hash) {
  if (hash.empty() || hash.front() != '$') return false;
  for (const char c : hash) {
    if (!is_hash_character(c)) return false;
  }
  return true;
}

bool crypt_failed(const char* result) { return result == nullptr || result[0] == '*'; }

const char* salt_prefix(HashMethod method) {
  return method == HashMethod::sha512crypt ? "$6$" : "$y$";
}

std::string method_name(HashMethod method) {
  return method == HashMethod::sha512crypt ? "sha512crypt" : "yescrypt";
}

// crypt_r needs a NUL-terminated copy, and a NUL inside the password would
// silently truncate what gets hashed.
Secret to_passphrase(std::string_view password, const std::string& path) {
  if (password.find('\0') != std::string_view::npos) {
    fail("password contains a NUL byte and cannot be checked against " + describe(path));
  }
  return Secret(password);
}

Secret hash_password(const Secret& passphrase, HashMethod method, const std::string& path) {
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  // No random bytes passed: libcrypt takes them from the kernel itself.
  if (crypt_gensalt_rn(salt_prefix(method), 0, nullptr, 0, salt, CRYPT_GENSALT_OUTPUT_SIZE) ==
      nullptr) {
    const int error = errno;
    fail_system("cannot generate a " + method_name(method) + " salt for " + describe(path),
                error);
  }
  const CryptData scratch = new_crypt_data();
  const char* hash = crypt_r(passphrase.c_str(), salt, scratch.get());
  if (crypt_failed(hash)) {
    fail("cannot hash the password with " + method_name(method) + " for " + describe(path) +
         " (not supported by this libcrypt?)");
  }
  Secret result(hash);
  // Guards the file format: a hash we could not parse back would lock
  // everybody out on the next read.
  if (!is_well_formed_hash(result)) {
    fail("libcrypt returned a " + method_name(method) + " hash that " + describe(path) +
         " cannot store");
  }
  return result;
}

bool hash_matches(const Secret& passphrase, std::string_view stored, crypt_data& scratch,
                  const std::string& path) {
  const Secret setting(stored);
  const char* computed = crypt_r(passphrase.c_str(), setting.c_str(), &scratch);
  if (crypt_failed(computed)) {
    fail(describe(path) + " holds a hash this libcrypt cannot verify (unsupported method?)");
  }
  return equal_in_constant_time(computed, stored);
}

// ---- parsing and rendering -------------------------------------------------

UserLine parse_line(std::string_view text, const std::string& path, std::size_t line_number) {
  if (text.find('\0') != std::string_view::npos) {
    fail_corrupt(path, line_number, "contains a NUL byte");
  }
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    fail_corrupt(path, line_number, "has no ':' between user name and hashes");
  }
  const UserLine line{text.substr(0, colon), text.substr(colon + 1)};
  if (const std::optional<std::string> problem = user_name_problem(line.user)) {
    fail_corrupt(path, line_number, "has an invalid user name (" + *problem + ")");
  }
  for (const std::string_view hash : split(line.hashes, ',')) {
    if (!is_well_formed_hash(hash)) fail_corrupt(path, line_number, "has a malformed hash");
  }
  return line;
}

// Blank lines are skipped rather than refused: a trailing empty line left by
// an editor must not lock every user out of changing their password.
std::vector<UserLine> parse_history(std::string_view content, const std::string& path) {
  std::vector<UserLine> lines;
  std::unordered_set<std::string_view> users;
  std::size_t line_number = 0;
  for (const std::string_view text : split(content, '\n')) {
    ++line_number;
    if (text.empty()) continue;
    const UserLine line = parse_line(text, path, line_number);
    if (!users.insert(line.user).second) {
      fail_corrupt(path, line_number, "repeats the user name of an earlier line");
    }
    lines.push_back(line);
  }
  return lines;
}

const UserLine* find_user(const std::vector<UserLine>& lines, std::string_view user) {
  for (const UserLine& line : lines) {
    if (line.user == user) return &line;
  }
  return nullptr;
}

Secret newest_first(std::string_view new_hash, std::string_view older_hashes,
                    unsigned remember) {
  Secret hashes(new_hash);
  unsigned kept = 1;
  for (const std::string_view hash : split(older_hashes, ',')) {
    if (kept >= remember) break;
    hashes.append(",").append(hash);
    ++kept;
  }
  return hashes;
}

void append_line(Secret& out, std::string_view user, std::string_view hashes) {
  out.append(user).append(":").append(hashes).append("\n");
}

Secret render_with_new_hash(const std::vector<UserLine>& lines, std::string_view user,
                            std::string_view new_hash, unsigned remember,
                            std::size_t size_hint) {
  Secret out;
  out.reserve(size_hint + user.size() + new_hash.size() + 2);
  bool found = false;
  for (const UserLine& line : lines) {
    if (line.user == user) {
      append_line(out, user, newest_first(new_hash, line.hashes, remember));
      found = true;
    } else {
      append_line(out, line.user, line.hashes);
    }
  }
  if (!found) append_line(out, user, new_hash);
  return out;
}

// ---- files -----------------------------------------------------------------

void check_file_is_safe(const struct stat& status, const std::string& path) {
  if (!S_ISREG(status.st_mode)) fail(describe(path) + " is not a regular file");
  const uid_t owner = geteuid();
  if (status.st_uid != owner) {
    fail(describe(path) + " is owned by uid " + std::to_string(status.st_uid) + ", not uid " +
         std::to_string(owner) + "; refusing to use it: chown " + std::to_string(owner) + " " +
         path);
  }
  if ((status.st_mode & 077) != 0) {
    fail(describe(path) + " is accessible to group or others (mode " +
         octal_mode(status.st_mode) + "); refusing to use it: chmod 600 " + path);
  }
  if (status.st_size > static_cast<off_t>(kMaxFileBytes)) fail_too_large(path);
}

// Empty when the file does not exist.
Secret read_history_file(const std::string& path) {
  const UniqueFd fd = files::open_for_reading(path);
  if (!fd.valid()) {
    const int error = errno;
    if (error == ENOENT) return Secret();
    if (error == ELOOP) fail(describe(path) + " is a symbolic link; refusing to follow it");
    fail_system("cannot open " + describe(path), error);
  }
  struct stat status {};
  if (fstat(fd.get(), &status) != 0) {
    const int error = errno;
    fail_system("cannot stat " + describe(path), error);
  }
  check_file_is_safe(status, path);
  files::Contents contents =
      files::read_bounded(fd.get(), kMaxFileBytes, static_cast<std::size_t>(status.st_size));
  if (contents.error != 0) fail_system("cannot read " + describe(path), contents.error);
  if (contents.too_large) fail_too_large(path);
  return std::move(contents.text);
}

PathParts split_path(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  PathParts parts;
  if (slash == std::string::npos) {
    parts = {".", path};
  } else {
    parts = {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
  }
  if (parts.name.empty()) fail("history file path '" + path + "' does not name a file");
  return parts;
}

void ensure_directory(const std::string& directory, const std::string& path) {
  if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
    const int error = errno;
    fail_system("cannot create directory " + directory + " for " + describe(path), error);
  }
}

// Held until the returned descriptor is closed. Waits a bounded time: the
// store runs inside passwd, login and sshd, which must not hang on a writer
// that is stuck.
UniqueFd lock_exclusively(const std::string& path) {
  const std::string lock_path = path + ".lock";
  UniqueFd fd(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd.valid()) {
    const int error = errno;
    fail_system("cannot open lock file " + lock_path, error);
  }
  const auto deadline = std::chrono::steady_clock::now() + kLockWait;
  while (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (error != EWOULDBLOCK && error != EINTR) fail_system("cannot lock " + lock_path, error);
    if (std::chrono::steady_clock::now() >= deadline) {
      fail(lock_path + " is held by another process for more than " +
           std::to_string(kLockWait.count()) + " ms; try again later");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return fd;
}

void write_all(const UniqueFd& fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd.get(), data.data(), data.size());
    if (written < 0) {
      const int error = errno;
      if (error == EINTR) continue;
      fail_system("cannot write " + describe(path), error);
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
}

void sync_directory(const std::string& directory, const std::string& path) {
  const UniqueFd fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid() || ::fsync(fd.get()) != 0) {
    const int error = errno;
    fail_system("cannot flush directory " + directory + " after replacing " + describe(path),
                error);
  }
}

// A uniquely named file next to the target, removed again unless it has been
// renamed over the target.
class TempFile {
 public:
  explicit TempFile(const PathParts& target)
      : path_(target.directory + "/." + target.name + ".XXXXXX"),
        fd_(::mkostemp(path_.data(), O_CLOEXEC)) {
    if (!fd_.valid()) {
      const int error = errno;
      path_.clear();
      fail_system("cannot create a temporary file in " + target.directory, error);
    }
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }

  const UniqueFd& fd() const { return fd_; }

  void close(const std::string& target) {
    if (fd_.close() != 0) {
      const int error = errno;
      fail_system("cannot write " + describe(target), error);
    }
  }

  void rename_to(const std::string& target) {
    if (::rename(path_.c_str(), target.c_str()) != 0) {
      const int error = errno;
      fail_system("cannot replace " + describe(target), error);
    }
    path_.clear();
  }

 private:
  std::string path_;
  UniqueFd fd_;
};

// Readers take no lock, so they must only ever see the old or the new file.
void replace_file(const std::string& path, std::string_view content) {
  const PathParts parts = split_path(path);
  TempFile temp(parts);
  // mkostemp already uses 0600; stated here because the check on read demands it.
  if (::fchmod(temp.fd().get(), 0600) != 0) {
    const int error = errno;
    fail_system("cannot set the mode of a temporary file for " + describe(path), error);
  }
  write_all(temp.fd(), content, path);
  if (::fsync(temp.fd().get()) != 0) {
    const int error = errno;
    fail_system("cannot flush " + describe(path), error);
  }
  temp.close(path);
  temp.rename_to(path);
  sync_directory(parts.directory, path);
}

}  // namespace

PasswordHistory::PasswordHistory(HistoryRule rule) : rule_(std::move(rule)) {}

bool PasswordHistory::contains(std::string_view user, std::string_view password) const {
  if (rule_.remember == 0) return false;
  require_valid_user(user, rule_.file);
  const Secret passphrase = to_passphrase(password, rule_.file);
  const Secret content = read_history_file(rule_.file);
  const std::vector<UserLine> lines = parse_history(content, rule_.file);
  const UserLine* line = find_user(lines, user);
  if (line == nullptr) return false;

  const CryptData scratch = new_crypt_data();
  unsigned checked = 0;
  for (const std::string_view hash : split(line->hashes, ',')) {
    if (checked++ == rule_.remember) break;
    if (hash_matches(passphrase, hash, *scratch, rule_.file)) return true;
  }
  return false;
}

void PasswordHistory::record(std::string_view user, std::string_view password) {
  if (rule_.remember == 0) return;
  require_valid_user(user, rule_.file);
  // Hashed before taking the lock: yescrypt is deliberately slow and every
  // other writer waits on the lock.
  const Secret new_hash =
      hash_password(to_passphrase(password, rule_.file), rule_.hash, rule_.file);

  ensure_directory(split_path(rule_.file).directory, rule_.file);
  const UniqueFd lock = lock_exclusively(rule_.file);
  const Secret content = read_history_file(rule_.file);
  const std::vector<UserLine> lines = parse_history(content, rule_.file);
  const Secret updated =
      render_with_new_hash(lines, user, new_hash, rule_.remember, content.size());
  replace_file(rule_.file, updated);
}

}  // namespace pam_idaas::policy
