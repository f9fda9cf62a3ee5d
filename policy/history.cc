#include "policy/history.h"

#include <crypt.h>
#include <openssl/sha.h>
#include <string.h>
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
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/ascii.h"
#include "base/cache_directory.h"
#include "base/constant_time.h"
#include "base/failure.h"
#include "base/files.h"
#include "base/private_file.h"
#include "base/secure_string.h"
#include "base/unicode.h"
#include "base/utf8.h"

namespace pam_idaas::policy {
namespace {

// Far above any real installation (a line is a few hundred bytes per user),
// and small enough that a hostile or runaway file cannot exhaust memory.
constexpr std::size_t kMaxFileBytes = std::size_t{16} * 1024 * 1024;

files::PrivateFile store_of(const HistoryRule& rule) {
  return files::PrivateFile(rule.file, "history file", kMaxFileBytes);
}

// The file layer's errors are the store's errors.
template <typename Action>
auto as_history_error(Action action) {
  try {
    return action();
  } catch (const files::FileError& e) {
    throw HistoryError(e.what());
  }
}
constexpr std::size_t kMaxUserBytes = 256;

using files::fail;
using files::fail_system;

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

struct UserLine {
  std::string_view user;
  std::string_view hashes;  // comma-separated, newest first
};

std::string describe(const std::string& path) { return "history file " + path; }

[[noreturn]] void fail_corrupt(const std::string& path, std::size_t line_number,
                               const std::string& problem) {
  fail<HistoryError>(describe(path) + " is corrupt: line " + std::to_string(line_number) + " " +
                     problem + "; fix or remove the line");
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

// ---- user names -----------------------------------------------------------

bool is_printable_utf8(std::string_view text) {
  const utf8::Decoded decoded = utf8::decode(text);
  return decoded.ok && std::none_of(decoded.text.begin(), decoded.text.end(), unicode::is_control);
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
    fail<HistoryError>("invalid user name for " + describe(path) + ": " + *problem);
  }
}

// ---- hashes ----------------------------------------------------------------

bool is_hash_character(char c) {
  return ascii::is_letter_or_digit(c) || c == '.' || c == '/' || c == '$';
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

// libcrypt refuses passphrases of CRYPT_MAX_PASSPHRASE_SIZE bytes and more:
// such a password is hashed as the hex SHA-512 of it (128 characters), the
// same way when recorded and when checked.
Secret shortened(std::string_view password) {
  unsigned char digest[SHA512_DIGEST_LENGTH];
  SHA512(reinterpret_cast<const unsigned char*>(password.data()), password.size(), digest);
  Secret hex(2 * sizeof digest, '\0');
  constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < sizeof digest; ++i) {
    hex[2 * i] = kDigits[digest[i] >> 4];
    hex[2 * i + 1] = kDigits[digest[i] & 0xF];
  }
  explicit_bzero(digest, sizeof digest);
  return hex;
}

// crypt_r needs a NUL-terminated copy, and a NUL inside the password would
// silently truncate what gets hashed.
Secret to_passphrase(std::string_view password, const std::string& path) {
  if (password.find('\0') != std::string_view::npos) {
    fail<HistoryError>("password contains a NUL byte and cannot be checked against " +
                       describe(path));
  }
  if (password.size() >= CRYPT_MAX_PASSPHRASE_SIZE) return shortened(password);
  return Secret(password);
}

Secret hash_password(const Secret& passphrase, HashMethod method, const std::string& path) {
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  // No random bytes passed: libcrypt takes them from the kernel itself.
  if (crypt_gensalt_rn(salt_prefix(method), 0, nullptr, 0, salt, CRYPT_GENSALT_OUTPUT_SIZE) ==
      nullptr) {
    const int error = errno;
    fail_system<HistoryError>(
        "cannot generate a " + method_name(method) + " salt for " + describe(path), error);
  }
  const CryptData scratch = new_crypt_data();
  const char* hash = crypt_r(passphrase.c_str(), salt, scratch.get());
  if (crypt_failed(hash)) {
    fail<HistoryError>("cannot hash the password with " + method_name(method) + " for " +
                       describe(path) + " (not supported by this libcrypt?)");
  }
  Secret result(hash);
  // Guards the file format: a hash we could not parse back would lock
  // everybody out on the next read.
  if (!is_well_formed_hash(result)) {
    fail<HistoryError>("libcrypt returned a " + method_name(method) + " hash that " +
                       describe(path) + " cannot store");
  }
  return result;
}

bool hash_matches(const Secret& passphrase, std::string_view stored, crypt_data& scratch,
                  const std::string& path) {
  const Secret setting(stored);
  const char* computed = crypt_r(passphrase.c_str(), setting.c_str(), &scratch);
  if (crypt_failed(computed)) {
    fail<HistoryError>(describe(path) +
                       " holds a hash this libcrypt cannot verify (unsupported method?)");
  }
  return constant_time::equal(computed, stored);
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

Secret newest_first(std::string_view new_hash, std::string_view older_hashes, unsigned remember) {
  Secret hashes(new_hash);
  if (older_hashes.empty()) return hashes;
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

// Every line as it was, the user's with `hashes` (added last when new).
Secret render_with_entries(const std::vector<UserLine>& lines, std::string_view user,
                           std::string_view hashes, std::size_t size_hint) {
  Secret out;
  out.reserve(size_hint + user.size() + hashes.size() + 2);
  bool found = false;
  for (const UserLine& line : lines) {
    found = found || line.user == user;
    append_line(out, line.user, line.user == user ? hashes : line.hashes);
  }
  if (!found) append_line(out, user, hashes);
  return out;
}

// ---- the files -------------------------------------------------------------

// Far beyond one read-modify-write (milliseconds): a temporary file this old
// was left by a writer killed before its rename.
constexpr std::chrono::seconds kStaleTemporary{60};

std::string directory_of(const std::string& file) {
  const std::size_t slash = file.rfind('/');
  return slash == 0 ? "/" : file.substr(0, slash);  // the schema wants an absolute path
}

// The history directory may be readable (the names say nothing), but nobody
// else may add, rename or remove files in it.
void check_directory(const HistoryRule& rule) {
  files::check_private_directory(directory_of(rule.file), "history directory", 022);
}

// A missing directory is an empty history: nothing to check.
void check_directory_if_present(const HistoryRule& rule) {
  struct stat status {};
  if (::lstat(directory_of(rule.file).c_str(), &status) != 0 && errno == ENOENT) return;
  check_directory(rule);
}

void prepare_directory(const HistoryRule& rule) {
  const std::string directory = directory_of(rule.file);
  if (const int error = files::make_private_directory(directory)) {
    fail_system<HistoryError>("cannot create the history directory " + directory, error);
  }
  check_directory(rule);
}

// "<file>-<sha256 of user>": the user's line while the shared file's lock
// could not be had.
files::PrivateFile own_store_of(const HistoryRule& rule, std::string_view user) {
  return files::PrivateFile(files::entry_name(rule.file, user), "history file", kMaxFileBytes);
}

// The user's hashes, newest first: their own file when there is one, else
// their line in the shared file; empty when they have none.
Secret current_hashes(const HistoryRule& rule, std::string_view user) {
  const files::PrivateFile own = own_store_of(rule, user);
  const Secret mine = own.read();
  if (!mine.empty()) {
    const std::vector<UserLine> lines = parse_history(mine, own.path());
    if (lines.size() != 1 || lines.front().user != user) {
      fail_corrupt(own.path(), 1, "is not the one line of the user the file is named after");
    }
    return Secret(lines.front().hashes);
  }
  const Secret shared = store_of(rule).read();
  const std::vector<UserLine> lines = parse_history(shared, rule.file);
  const UserLine* line = find_user(lines, user);
  return line == nullptr ? Secret() : Secret(line->hashes);
}

files::UniqueFd lock_own(const files::PrivateFile& own, std::string_view user,
                         std::chrono::milliseconds wait) {
  try {
    return own.lock(wait);
  } catch (const files::LockTimeout& e) {
    fail<HistoryError>("the new entry of " + std::string(user) + " is dropped: " + e.what() +
                       " (another change of the same user, running or stopped)");
  }
}

// The shared file's lock held: the user's line replaced there, their own
// file (if any) gone, leftovers of killed writers removed.
void write_shared(const HistoryRule& rule, const files::PrivateFile& own, std::string_view user,
                  const Secret& hashes) {
  const files::PrivateFile shared = store_of(rule);
  const Secret content = shared.read();
  const std::vector<UserLine> lines = parse_history(content, rule.file);
  shared.replace(render_with_entries(lines, user, hashes, content.size()));
  own.remove();
  shared.remove_stale_temporaries(kStaleTemporary);
}

std::optional<std::string> store(const HistoryRule& rule, std::string_view user,
                                 const Secret& hashes, std::chrono::milliseconds wait) {
  const files::PrivateFile own = own_store_of(rule, user);
  try {
    const files::UniqueFd shared_lock = store_of(rule).lock(wait);  // only lock() times out
    write_shared(rule, own, user, hashes);
    return std::nullopt;
  } catch (const files::LockTimeout& e) {
    Secret line;
    append_line(line, user, hashes);
    own.replace(line);
    return std::string(e.what()) + "; the entry of " + std::string(user) + " is kept in " +
           own.path() + " until the next change of " + std::string(user);
  }
}

}  // namespace

PasswordHistory::PasswordHistory(HistoryRule rule, unsigned lock_wait_ms)
    : rule_(std::move(rule)), lock_wait_ms_(lock_wait_ms) {}

bool PasswordHistory::contains(std::string_view user, std::string_view password) const {
  if (rule_.remember == 0) return false;
  require_valid_user(user, rule_.file);
  const Secret passphrase = to_passphrase(password, rule_.file);
  const Secret hashes = as_history_error([&] {
    check_directory_if_present(rule_);
    return current_hashes(rule_, user);
  });
  if (hashes.empty()) return false;

  const CryptData scratch = new_crypt_data();
  unsigned checked = 0;
  for (const std::string_view hash : split(hashes, ',')) {
    if (checked++ == rule_.remember) break;
    if (hash_matches(passphrase, hash, *scratch, rule_.file)) return true;
  }
  return false;
}

std::optional<std::string> PasswordHistory::record(std::string_view user,
                                                   std::string_view password) {
  if (rule_.remember == 0) return std::nullopt;
  require_valid_user(user, rule_.file);
  // Hashed before taking a lock: yescrypt is deliberately slow.
  const Secret new_hash =
      hash_password(to_passphrase(password, rule_.file), rule_.hash, rule_.file);

  return as_history_error([&] {
    prepare_directory(rule_);
    const files::PrivateFile own = own_store_of(rule_, user);
    // Held to the end: a user's changes are serialised on their own lock,
    // never on anybody else's.
    const std::chrono::milliseconds wait(lock_wait_ms_);
    const files::UniqueFd own_lock = lock_own(own, user, wait);
    own.remove_stale_temporaries(kStaleTemporary);
    const Secret hashes = newest_first(new_hash, current_hashes(rule_, user), rule_.remember);
    return store(rule_, user, hashes, wait);
  });
}

}  // namespace pam_idaas::policy
