// The HTTPS transport under the tenant client: one libcurl easy handle, so a
// PAM operation's token, lookup and change share one TLS connection, and
// settings that no environment variable can steer. Internal to the tenant
// library; the client maps its responses to outcomes.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "base/secure_string.h"
#include "config/tenant_settings.h"

namespace pam_idaas::tenant::http {

using Clock = std::chrono::steady_clock;

inline constexpr std::size_t kMaxAnswerBytes = 1024 * 1024;

enum class Method { post, put };

struct Request {
  Method method = Method::post;
  std::string url;  // never carries a secret: those go in the body
  std::string_view content_type;
  std::string_view bearer_token;  // empty: no Authorization header
  // More "Name: value" lines; the caller has made sure none holds a CR, LF or
  // other control character (libcurl sends them as they are).
  std::span<const std::string> headers;
  std::string_view body;  // usually a view of a Secret; never empty
  Clock::time_point deadline;
  // The tenant may apply it twice without harm (token, lookup). A request
  // that is not replayable goes on a fresh connection: libcurl silently
  // resends a request whose reused connection died before any answer
  // (Curl_retry_request), and a change password must not reach the tenant twice.
  bool replayable = false;
};

struct Response {
  long status = 0;  // 0: no answer
  std::string content_type;
  Secret body;  // at most kMaxAnswerBytes
  CURLcode code = CURLE_OK;
  std::string error;  // libcurl's or the system's words for `code`
  // Every body byte was handed to libcurl. libcurl reads the body from our
  // read callback only after the connection is up and the headers are
  // written, and a tenant cannot act on a request whose body it did not get
  // whole: so `false` proves the request was not applied. `true` means it
  // may have been (bytes handed over may still sit in a buffer).
  bool request_sent = false;
  bool timed_out = false;         // the deadline or the connect timeout passed
  bool too_large = false;         // the answer passed kMaxAnswerBytes
  curl_off_t retry_after_s = -1;  // Retry-After in seconds; -1: none
};

// Why the process environment makes TLS unsafe, or empty. In a setuid
// process (AT_SECURE) the environment belongs to the unprivileged caller.
// Checked in libcurl 7.88 + OpenSSL 3.0 as Debian 12 builds them:
//   - SSLKEYLOGFILE: libcurl opens it with plain getenv when it initialises
//     OpenSSL (vtls/keylog.c, from curl_global_init) and then writes every
//     TLS session key to it. Nothing can switch that off: refuse.
//   - HTTP(S)_PROXY, ALL_PROXY, NO_PROXY: neutralised, the transport sets
//     CURLOPT_PROXY and CURLOPT_NOPROXY explicitly.
//   - SSL_CERT_FILE, SSL_CERT_DIR, OPENSSL_CONF: OpenSSL reads them through
//     ossl_safe_getenv, which returns nothing under AT_SECURE; libcurl passes
//     its compiled-in CA bundle anyway. CURL_CA_BUNDLE is read by the curl
//     tool only (not in libcurl.so). HOME is read only for .netrc, disabled.
//   - glibc's loader strips HOSTALIASES, LOCALDOMAIN, RES_OPTIONS etc. itself.
std::string environment_problem(bool at_secure);
bool process_is_secure();  // getauxval(AT_SECURE)

class Transport {
 public:
  // Either a ready transport or why the settings cannot be used (misconfigured).
  static std::variant<std::unique_ptr<Transport>, std::string> create(
      const TenantSettings& settings);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // "https://host[:port][/prefix]" without a trailing slash.
  const std::string& base_url() const { return base_url_; }

  Response perform(const Request& request);

  // Percent-encodes every byte outside [A-Za-z0-9-._~] (curl_easy_escape);
  // the copies it passes through are wiped.
  Secret escape(std::string_view text) const;

 private:
  Transport(CURL* handle, std::string base_url, unsigned connect_timeout_ms);

  CURL* handle_;
  std::string base_url_;
  unsigned connect_timeout_ms_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace pam_idaas::tenant::http
