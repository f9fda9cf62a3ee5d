#include "pam_module/system_accounts.h"

#include <crypt.h>
#include <pwd.h>
#include <shadow.h>
#include <string.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <optional>
#include <vector>

#include "base/constant_time.h"
#include "base/secure_string.h"
#include "pam_module/host_hash.h"
#include "pam_module/shadow_writer.h"

namespace pam_idaas::module {
namespace {

// Records larger than this are not accounts anyone logs in with.
constexpr std::size_t kMaxRecord = 1 << 20;

// A buffer for the *_r lookups that wipes what they wrote into it (hashes).
class RecordBuffer {
 public:
  RecordBuffer() : bytes_(4096) {}
  ~RecordBuffer() { explicit_bzero(bytes_.data(), bytes_.size()); }
  RecordBuffer(const RecordBuffer&) = delete;
  RecordBuffer& operator=(const RecordBuffer&) = delete;

  char* data() { return bytes_.data(); }
  std::size_t size() const { return bytes_.size(); }
  bool grow() {
    if (bytes_.size() >= kMaxRecord) return false;
    explicit_bzero(bytes_.data(), bytes_.size());
    bytes_.assign(bytes_.size() * 2, '\0');
    return true;
  }

 private:
  std::vector<char> bytes_;
};

// Retries `lookup` with a larger buffer while it reports ERANGE.
template <typename Record, typename Lookup>
Record* look_up(Lookup lookup, Record& record, RecordBuffer& buffer, int& error) {
  Record* result = nullptr;
  do {
    error = lookup(&record, buffer.data(), buffer.size(), &result);
  } while (error == ERANGE && buffer.grow());
  return result;
}

struct CryptData {
  crypt_data data{};
  ~CryptData() { explicit_bzero(&data, sizeof data); }
};

// The user's shadow hash; none when there is no entry, `error` then says why.
std::optional<Secret> shadow_hash(const std::string& user, int& error) {
  spwd record{};
  RecordBuffer buffer;
  const spwd* found = look_up([&](spwd* r, char* b, std::size_t n,
                                  spwd** out) { return getspnam_r(user.c_str(), r, b, n, out); },
                              record, buffer, error);
  if (found == nullptr) return std::nullopt;
  return Secret(found->sp_pwdp != nullptr ? found->sp_pwdp : "");
}

// Empty, "!..." (locked or never set) and "*" (no password): nothing to compare with.
bool usable(const Secret& hash) { return !hash.empty() && hash[0] != '!' && hash[0] != '*'; }

// "!" before a hash: an admin locked the password (passwd -l, usermod -L). A
// bare "!" or "!!" is an account whose password was never set.
bool locked_by_admin(const Secret& hash) {
  return hash.size() > 1 && hash[0] == '!' && hash != "!!";
}

}  // namespace

std::optional<LocalUser> SystemAccounts::find(const std::string& user) {
  passwd record{};
  RecordBuffer buffer;
  int error = 0;
  const passwd* found =
      look_up([&](passwd* r, char* b, std::size_t n,
                  passwd** out) { return getpwnam_r(user.c_str(), r, b, n, out); },
              record, buffer, error);
  if (found == nullptr) return std::nullopt;
  std::string gecos = found->pw_gecos != nullptr ? found->pw_gecos : "";
  gecos = gecos.substr(0, gecos.find(','));  // the full name is the first GECOS field
  return LocalUser{found->pw_uid, std::move(gecos)};
}

LocalCheck SystemAccounts::check_password(const std::string& user, std::string_view password) {
  int error = 0;
  const std::optional<Secret> hash = shadow_hash(user, error);
  // Not root, glibc's files source answers "no entry" for a shadow file it
  // cannot open (errno 0, not EACCES): that is "cannot read", not "no hash".
  if (!hash) {
    return error == EACCES || ::geteuid() != 0 ? LocalCheck::cannot_read
                                               : LocalCheck::no_local_hash;
  }
  if (!usable(*hash)) return LocalCheck::no_local_hash;
  const Secret phrase(password);  // crypt_rn needs the terminating NUL
  auto work = std::make_unique<CryptData>();
  const char* computed = crypt_rn(phrase.c_str(), hash->c_str(), &work->data, sizeof work->data);
  // A hash libcrypt cannot read compares as different, never as equal.
  if (computed == nullptr || computed[0] == '*') return LocalCheck::differs;
  return constant_time::equal(computed, *hash) ? LocalCheck::matches : LocalCheck::differs;
}

std::string SystemAccounts::hash_fingerprint(const std::string& user) {
  int error = 0;
  const std::optional<Secret> hash = shadow_hash(user, error);
  return hash && usable(*hash) ? hash_fingerprint_of(*hash) : std::string();
}

HostWrite SystemAccounts::make_current(const std::string& user, std::string_view password) {
  if (::geteuid() != 0) return {false, "not root"};
  if (!fit_for_shadow_line(user)) return {false, "user name unfit for a shadow line"};
  int error = 0;
  const std::optional<Secret> current = shadow_hash(user, error);
  if (!current) return {false, "no shadow entry for the user"};
  // The tenant does not unlock what the host's admin locked.
  if (locked_by_admin(*current)) return {false, "the host's password is locked: left as it is"};
  const Secret hash = new_host_hash(password, usable(*current) ? *current : Secret());
  if (hash.empty()) return {false, "libcrypt made no hash"};
  return write_shadow_hash(user, hash);
}

}  // namespace pam_idaas::module
