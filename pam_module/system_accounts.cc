#include "pam_module/system_accounts.h"

#include <crypt.h>
#include <pwd.h>
#include <shadow.h>
#include <string.h>

#include <cerrno>
#include <memory>
#include <vector>

#include "policy/secure_string.h"

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

bool constant_time_equal(const char* a, const char* b) {
  const std::size_t n = strlen(a);
  if (n != strlen(b)) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < n; ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

struct CryptData {
  crypt_data data{};
  ~CryptData() { explicit_bzero(&data, sizeof data); }
};

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
  spwd record{};
  RecordBuffer buffer;
  int error = 0;
  const spwd* found = look_up([&](spwd* r, char* b, std::size_t n,
                                  spwd** out) { return getspnam_r(user.c_str(), r, b, n, out); },
                              record, buffer, error);
  if (found == nullptr)
    return error == EACCES ? LocalCheck::cannot_read : LocalCheck::no_local_hash;
  const char* hash = found->sp_pwdp;
  // Empty, "!..." (locked) and "*" (no password): nothing to compare with.
  if (hash == nullptr || hash[0] == '\0' || hash[0] == '!' || hash[0] == '*') {
    return LocalCheck::no_local_hash;
  }
  const Secret phrase(password);  // crypt_rn needs the terminating NUL
  auto work = std::make_unique<CryptData>();
  const char* computed = crypt_rn(phrase.c_str(), hash, &work->data, sizeof work->data);
  // A hash libcrypt cannot read compares as different, never as equal.
  if (computed == nullptr || computed[0] == '*') return LocalCheck::differs;
  return constant_time_equal(computed, hash) ? LocalCheck::matches : LocalCheck::differs;
}

// PLACEHOLDER (interface commit): replaced by the shadow writer.
std::string SystemAccounts::hash_fingerprint(const std::string&) { return {}; }
HostWrite SystemAccounts::make_current(const std::string&, std::string_view) {
  return {false, "not implemented yet"};
}

}  // namespace pam_idaas::module
