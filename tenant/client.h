// The tenant's REST API (shared/spec/tenant-api.md): token, user lookup and
// both change-password endpoints. One Client serves one PAM operation: its
// time budget starts when it is made (or restarted) and bounds every call it
// makes.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "base/secure_string.h"
#include "config/tenant_settings.h"
#include "policy/catalogue.h"

namespace pam_idaas::tenant {

enum class Status {
  ok,
  rejected,       // a business error (HTTP 400 + error_code): a verdict on the request
  unavailable,    // timeout, connection failure, 5xx, 429 past the budget, reset
  misconfigured,  // 401 after a fresh token, 403, 404, bad credentials, TLS verification failure,
                  // answers that are not the documented JSON
};

struct Outcome {
  Status status = Status::ok;
  std::optional<policy::Rule> rule;  // rejected, with a code of the catalogue
  std::string code;                  // the tenant's error_code (rejected), cleaned like detail
  std::string detail;                // rejected: the tenant's error_msg, control characters
                                     // stripped, length capped; otherwise what went wrong,
                                     // for logs and the admin tool (never a secret)
  long http_status = 0;              // 0 when no answer arrived
  bool maybe_applied = false;        // a change request may have reached the tenant and
                                     // been applied although no answer says so
  bool may_still_apply = false;      // maybe_applied, and no answer came in time: the tenant
                                     // may still be working on it
  bool caller_environment = false;   // misconfigured by the caller's environment
                                     // (http::environment_problem): the caller can fix it

  bool ok() const { return status == Status::ok; }
};

// Outcomes that carry only what went wrong. Inline: the module builds them
// too (for a tenant client it could not load) without linking this library.
inline Outcome misconfigured(std::string detail) {
  Outcome out;
  out.status = Status::misconfigured;
  out.detail = std::move(detail);
  return out;
}

inline Outcome unavailable(std::string detail) {
  Outcome out;
  out.status = Status::unavailable;
  out.detail = std::move(detail);
  return out;
}

struct UserRecord {
  std::string user_id;
  std::string user_name;
  std::string name;  // real name, often in Chinese characters
  std::string mobile;
  std::string email;
  bool pwd_must_modify = false;
  bool disabled = false;
  bool locked = false;
  std::string pwd_change_at;  // as the tenant sends it
};

struct TokenInfo {
  std::chrono::seconds expires_in{0};
  std::string token_type;
};

// What POST /api/v2/sdk/login said of a password that it accepted: the
// tokens of the answer are wiped as soon as it is read, never kept.
struct LoginAnswer {
  bool next_step = false;  // a state_token: right password, the tenant wants more (a change, MFA)
};

// The caller of a login, for the endpoint's headers. The OS version, the agent
// and the device fingerprint (derived from the machine id, never the id itself)
// are the client's own.
struct LoginCaller {
  std::string_view device_ip;  // PAM_RHOST; empty: no X-device-ip
  std::string_view language;   // "en", "zh"; empty: no X-L
};

// The tenant's reply to a call that returns something: how the call ended
// and, when it succeeded, the value.
template <typename T>
struct Reply {
  Outcome outcome;
  std::optional<T> value;  // set when outcome.ok()
};

class Client {
 public:
  // `client_secret` is read by read_client_secret(). With a
  // `token_cache_directory` the token is shared with the other PAM calls on
  // the host (TokenCache); without one every client obtains its own.
  Client(TenantSettings settings, Secret client_secret, std::string token_cache_directory = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // A new budget for the calls that follow: the password stack's two passes
  // are one operation, but the user types between them.
  void restart_budget();

  // Obtains a token (or reuses the cached one): `pam-idaas tenant ping`.
  Reply<TokenInfo> ping();
  Reply<UserRecord> find_user(std::string_view user_name);
  // change-password-verify: the tenant checks the old password.
  Outcome change_password(std::string_view user_id, std::string_view old_password,
                          std::string_view new_password);
  // change-password: the administrator reset, no old password.
  Outcome reset_password(std::string_view user_id, std::string_view new_password, bool must_modify);
  // POST /api/v2/sdk/login under settings.login_client_id (client_id when
  // empty): whether `password` is the user's current tenant password. Needs
  // neither token nor secret: works on a client made with an empty secret.
  // A wrong password is `rejected` with the tenant's code (LOGIN.0002) and
  // error_msg in detail, and `rule` unset; so are disabled, locked and any
  // other refusal. A name or password JSON cannot carry (not UTF-8) is
  // `rejected` unsent, with rule user_not_found or invalid_utf8 and no code.
  // Never resent once it may have arrived, never maybe_applied.
  Reply<LoginAnswer> login(std::string_view user_name, std::string_view password,
                           const LoginCaller& caller);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The client secret from `path`: a regular file (not a symlink), owned by
// root or the effective user, readable by nobody else; surrounding white
// space removed. Throws SecretFileError with a message naming the file and
// the fix.
class SecretFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
Secret read_client_secret(const std::string& path);

}  // namespace pam_idaas::tenant
