// What the flows need from the world around them, as interfaces: the PAM
// stack (conversation, items, syslog), the host's account databases and the
// tenant. The module implements them over libpam, NSS/shadow and libcurl; the
// unit tests with scripted fakes.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "policy/catalogue.h"
#include "tenant/port.h"

namespace pam_idaas::config {
struct Config;
}

namespace pam_idaas::module {

// A password as PAM holds it: the text stays valid until the item changes.
struct Token {
  enum class Status { ok, mismatch, unavailable } status = Status::unavailable;
  std::string_view text;             // NUL-terminated, as PAM keeps it
  bool from_earlier_module = false;  // set before this module asked: nobody to ask to retype
  bool ok() const { return status == Status::ok; }
};

enum class Priority { error, warning, notice, info, debug };

class Host {
 public:
  virtual ~Host() = default;
  virtual std::optional<std::string> user() = 0;
  // Each asks the user unless an earlier module (or the module arguments)
  // already settled the answer.
  virtual Token old_password(std::string_view prompt) = 0;
  virtual Token new_password() = 0;  // without the retype
  // Asks for the retype of `first`: the confirmed token, or mismatch.
  virtual Token confirm_new_password(const Token& first) = 0;
  virtual void forget_new_password() = 0;
  // chauthtok: forgets the current password typed, to ask for it again.
  virtual void forget_old_password() = 0;
  // auth: the password being proven (PAM_AUTHTOK; try_first_pass and
  // use_first_pass are libpam's), and forgetting it to ask again.
  virtual Token password(std::string_view prompt) = 0;
  virtual void forget_password() = 0;
  // PAM_RHOST, "" when unset: where a login comes from.
  virtual std::string remote_host() = 0;
  // LC_ALL, LC_MESSAGES and LANG of the PAM environment (pam_getenv): the
  // user's, as pam_env or the application put them, where the process's own
  // (sshd's) is the service's.
  virtual policy::LocaleVariables session_locale() = 0;
  // PAM_SERVICE, "" when unset: the program's stack (passwd, sshd, samba).
  virtual std::string service() = 0;
  // Messages to the user; dropped under PAM_SILENT.
  virtual void error(std::string_view text) = 0;
  virtual void info(std::string_view text) = 0;
  // To syslog (LOG_AUTHPRIV); debug lines only with the `debug` argument.
  virtual void log(Priority priority, std::string_view text) = 0;
  // The language the flow speaks, once the configuration says which.
  virtual void use_language(policy::Language) {}
};

struct LocalUser {
  unsigned uid = 0;
  std::string real_name;  // the GECOS full name
};

enum class LocalCheck {
  matches,
  differs,
  no_local_hash,  // no shadow entry, or a locked/empty one: nothing to compare
  cannot_read,    // the shadow file is not readable by this process
};

// How making the host's hash current went; `detail` is for the log.
struct HostWrite {
  bool written = false;
  std::string detail;
};

class LocalAccounts {
 public:
  virtual ~LocalAccounts() = default;
  virtual std::optional<LocalUser> find(const std::string& user) = 0;
  virtual LocalCheck check_password(const std::string& user, std::string_view password) = 0;
  // A digest of the user's shadow hash (never the hash itself): tells whether
  // the hash changed since a record was made. "" when there is no readable hash.
  virtual std::string hash_fingerprint(const std::string& user) = 0;
  // Makes `password` the user's password in the host's shadow file, through the
  // system's own writer; needs an effective uid of 0.
  virtual HostWrite make_current(const std::string& user, std::string_view password) = 0;
};

// What this host knew when its hash was last the tenant's current password:
// while both still hold, a login needs no tenant call.
struct SyncRecord {
  std::string pwd_change_at;     // the tenant's, as its lookup reported it
  std::string hash_fingerprint;  // LocalAccounts::hash_fingerprint then
  bool operator==(const SyncRecord&) const = default;
};

class SyncStore {
 public:
  virtual ~SyncStore() = default;
  virtual std::optional<SyncRecord> recall(std::string_view user) = 0;
  virtual void remember(std::string_view user, const SyncRecord& record) = 0;
  virtual void forget(std::string_view user) = 0;
};

struct Services {
  Host& host;
  LocalAccounts& accounts;
  tenant::PortFactory connect;
  // The caches (config.cache) are root's: a process of another effective
  // user neither reads nor writes them.
  bool may_cache = false;
  // Only a process whose effective uid is 0 writes the host's shadow file.
  bool may_write_shadow = false;
  // The sync records of `config` for these services; null (or no factory) when
  // nothing may be kept: every login then asks the tenant.
  std::function<std::unique_ptr<SyncStore>(const Services&, const config::Config&)> sync_records =
      nullptr;
};

}  // namespace pam_idaas::module
