#include "tenant/http.h"

#include <arpa/inet.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <stdexcept>

#include "base/ascii.h"
#include "base/files.h"
#include "base/trusted_file.h"
#include "config/base_url.h"
#include "tenant/curl_memory.h"
#ifdef PAM_IDAAS_TEST_TRANSPORT
#include "tenant/for_tests.h"
#endif

namespace pam_idaas::tenant::http {

namespace {

constexpr const char* kUserAgent = "pam_idaas/0.1";
// Debian's whole system bundle is about 200 KiB.
constexpr std::size_t kMaxCaBundleBytes = 16 * 1024 * 1024;

// Never curl_global_cleanup: the module shares the host's libcurl and is
// never unloaded (-z nodelete), and cleanup would pull state from under
// other users of libcurl in the process. The wiping allocator takes effect
// only if nothing in the process initialised libcurl before (curl_memory.h).
CURLcode global_init_once() {
  static std::once_flag once;
  static CURLcode result = CURLE_FAILED_INIT;
  std::call_once(once, [] { result = global_init_wiping(CURL_GLOBAL_DEFAULT); });
  return result;
}

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

// One part of a parsed URL; empty when absent.
std::string url_part(CURLU* url, CURLUPart part) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, 0) != CURLUE_OK || text == nullptr) return {};
  std::string out(text);
  curl_free(text);
  return out;
}

#ifdef PAM_IDAAS_TEST_TRANSPORT
bool is_loopback_host(std::string host) {
  std::ranges::transform(host, host.begin(), ascii::lower<char>);
  if (host == "localhost") return true;  // libcurl resolves it to loopback itself (RFC 6761)
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    in6_addr v6{};
    const std::string bare = host.substr(1, host.size() - 2);
    return ::inet_pton(AF_INET6, bare.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
  }
  return false;
}

#endif

// The configuration's rule, in the client's words; "" when the URL passes it.
std::string fault_text(config::BaseUrlFault fault) {
  using enum config::BaseUrlFault;
  switch (fault) {
    case none:
      return {};
    case credentials:
      return "tenant base_url must not contain a user name or password";
    case query_or_fragment:
      return "tenant base_url must not contain a query or fragment";
    case scheme:
      return "tenant base_url must start with https://";
    case no_host:
      return std::string("tenant base_url is not a valid URL: ") +
             curl_url_strerror(CURLUE_NO_HOST);
    case blank:
      return std::string("tenant base_url is not a valid URL: ") +
             curl_url_strerror(CURLUE_MALFORMED_INPUT);
  }
  return {};
}

struct BaseUrl {
  std::string url;          // without a trailing slash
  bool plain_http = false;  // only ever true in the tests' build of this library
  std::string problem;
};

BaseUrl parse_base_url(const TenantSettings& settings) {
  if (settings.base_url.empty()) return {{}, false, "tenant base_url is not set"};
  const UrlHandle url(curl_url());
  if (!url) return {{}, false, "out of memory"};
  if (const CURLUcode rc = curl_url_set(url.get(), CURLUPART_URL, settings.base_url.c_str(), 0);
      rc != CURLUE_OK) {
    // Not echoed: a malformed URL may still hold credentials.
    return {{}, false, std::string("tenant base_url is not a valid URL: ") + curl_url_strerror(rc)};
  }
  if (std::string problem = fault_text(config::base_url_fault(settings.base_url));
      !problem.empty()) {
    return {{}, false, std::move(problem)};
  }
  BaseUrl out;
  if (url_part(url.get(), CURLUPART_SCHEME) == "http") {
#ifdef PAM_IDAAS_TEST_TRANSPORT
    if (!for_tests::plain_http_loopback_allowed()) {
      return {{}, false, "tenant base_url uses plain http://; use https://"};
    }
    if (const std::string host = url_part(url.get(), CURLUPART_HOST); !is_loopback_host(host)) {
      return {{},
              false,
              "plain http:// is allowed only to 127.0.0.0/8, localhost or [::1], not to " + host};
    }
    out.plain_http = true;
#else
    // The shipped library has no plain-http path at all (tests/tenant/no_plain_http.sh).
    return {{}, false, "tenant base_url uses plain http://; use https://"};
#endif
  }
  out.url = url_part(url.get(), CURLUPART_URL);
  while (!out.url.empty() && out.url.back() == '/') out.url.pop_back();
  return out;
}

// Feeds the request body to libcurl and remembers how much it took.
struct Upload {
  std::string_view body;
  std::size_t offset = 0;
  bool may_rewind = false;
};

size_t on_read(char* buffer, size_t size, size_t count, void* user) {
  auto& upload = *static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload.body.size() - upload.offset);
  std::memcpy(buffer, upload.body.data() + upload.offset, n);
  upload.offset += n;
  return n;
}

// libcurl rewinds before resending a request on a new connection. Refusing
// makes that resend fail (CURLE_SEND_FAIL_REWIND) instead of applying a
// change twice; the fresh connection should already prevent it.
int on_seek(void* user, curl_off_t offset, int origin) {
  auto& upload = *static_cast<Upload*>(user);
  if (!upload.may_rewind || origin != SEEK_SET || offset < 0 ||
      static_cast<std::size_t>(offset) > upload.body.size()) {
    return CURL_SEEKFUNC_CANTSEEK;
  }
  upload.offset = static_cast<std::size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

struct Download {
  Secret body;
  bool too_large = false;
};

size_t on_write(char* data, size_t size, size_t count, void* user) {
  auto& download = *static_cast<Download*>(user);
  const std::size_t n = size * count;
  if (n > kMaxAnswerBytes - download.body.size()) {
    download.too_large = true;
    return 0;  // libcurl stops the transfer with CURLE_WRITE_ERROR
  }
  download.body.append(data, n);
  return n;
}

// OpenSSL decrypts each TLS record in place and frees its read buffer, with the
// last record still in it, only when the connection ends: the last answer
// read (a login's session and id tokens) stayed in the freed heap, where a
// core dump showed it (tests/secrets, the login flow). Cleansing the
// plaintext wipes it after each read and when the buffer is released.
CURLcode on_ssl_context(CURL*, void* context, void*) {
  SSL_CTX_set_options(static_cast<SSL_CTX*>(context), SSL_OP_CLEANSE_PLAINTEXT);
  return CURLE_OK;
}

// Owns the request's header list; the Authorization line holds the token,
// so every line is wiped before libcurl frees it.
class HeaderList {
 public:
  HeaderList() = default;
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  ~HeaderList() {
    for (curl_slist* item = list_; item != nullptr; item = item->next) {
      explicit_bzero(item->data, std::strlen(item->data));
    }
    curl_slist_free_all(list_);
  }
  bool add(const char* line) {
    curl_slist* grown = curl_slist_append(list_, line);
    if (grown == nullptr) return false;
    list_ = grown;
    return true;
  }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

bool build_headers(const Request& request, HeaderList& headers) {
  Secret content_type("Content-Type: ");
  content_type.append(request.content_type);
  bool ok = headers.add(content_type.c_str()) && headers.add("Accept: application/json") &&
            headers.add("Expect:");  // no 100-continue round trip
  if (!request.bearer_token.empty()) {
    Secret authorization("Authorization: Bearer ");
    authorization.append(request.bearer_token);
    ok = ok && headers.add(authorization.c_str());
  }
  for (const std::string& line : request.headers) ok = ok && headers.add(line.c_str());
  return ok;
}

long milliseconds_until(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<long>(std::max<std::chrono::milliseconds::rep>(left.count(), 0));
}

std::string error_words(CURLcode code, long os_errno, const char* buffer) {
  if (code == CURLE_COULDNT_CONNECT && os_errno != 0)
    return files::error_text(static_cast<int>(os_errno));
  if (buffer[0] != '\0') return buffer;
  return curl_easy_strerror(code);
}

Response out_of_time() {
  Response response;
  response.code = CURLE_OPERATION_TIMEDOUT;
  response.error = "the time budget is used up";
  response.timed_out = true;
  return response;
}

// Sets options and remembers the first one libcurl refuses.
class Options {
 public:
  explicit Options(CURL* handle) : handle_(handle) {}
  template <typename Value>
  void set(CURLoption option, Value value) {
    if (failed_ == CURLE_OK) failed_ = curl_easy_setopt(handle_, option, value);
  }
  CURLcode result() const { return failed_; }

 private:
  CURL* handle_;
  CURLcode failed_ = CURLE_OK;
};

CURLcode set_fixed_options(CURL* handle, const TenantSettings& settings,
                           [[maybe_unused]] const BaseUrl& base, const std::string& ca_bundle,
                           char* error_buffer) {
#ifdef PAM_IDAAS_TEST_TRANSPORT
  const char* protocols = base.plain_http ? "http,https" : "https";
#else
  const char* protocols = "https";
#endif
  Options options(handle);
  options.set(CURLOPT_NOSIGNAL, 1L);
  options.set(CURLOPT_ERRORBUFFER, error_buffer);
  options.set(CURLOPT_PROTOCOLS_STR, protocols);
  options.set(CURLOPT_REDIR_PROTOCOLS_STR, protocols);
  options.set(CURLOPT_FOLLOWLOCATION, 0L);
  options.set(CURLOPT_SSL_VERIFYPEER, 1L);
  options.set(CURLOPT_SSL_VERIFYHOST, 2L);
  options.set(CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  options.set(CURLOPT_SSL_CTX_FUNCTION, &on_ssl_context);
  if (!settings.ca_file.empty()) {
    // The bytes that were checked (read_ca_bundle), and no CA directory
    // beside them: the configured file alone decides whom to trust.
    curl_blob blob{const_cast<char*>(ca_bundle.data()), ca_bundle.size(), CURL_BLOB_COPY};
    options.set(CURLOPT_CAINFO_BLOB, &blob);
    options.set(CURLOPT_CAPATH, static_cast<const char*>(nullptr));
  }
  // Explicit values, so that the *_proxy variables of the caller's
  // environment are never consulted (an empty proxy means none).
  options.set(CURLOPT_PROXY, settings.proxy.c_str());
  options.set(CURLOPT_NOPROXY, "");
  options.set(CURLOPT_NETRC, static_cast<long>(CURL_NETRC_IGNORED));
  options.set(CURLOPT_USERAGENT, kUserAgent);
  options.set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  options.set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(kMaxAnswerBytes));
  options.set(CURLOPT_PATH_AS_IS, 1L);  // the client encodes dots itself; no ".." squashing
  // A timed-out name lookup must not hold the call past its deadline waiting
  // to join the resolver thread; libcurl detaches it instead.
  options.set(CURLOPT_QUICK_EXIT, 1L);
  options.set(CURLOPT_POST, 1L);  // every request has a body, read from on_read
  options.set(CURLOPT_READFUNCTION, &on_read);
  options.set(CURLOPT_SEEKFUNCTION, &on_seek);
  options.set(CURLOPT_WRITEFUNCTION, &on_write);
  return options.result();
}

// What one request hands libcurl to read from and write to.
struct Exchange {
  Upload upload;
  Download download;
};

struct TimeLimits {
  long total_ms;
  long connect_ms;
};

// A connect timeout of 0 means none of its own: the whole budget.
TimeLimits time_limits(long budget_ms, unsigned connect_timeout_ms) {
  return {budget_ms, connect_timeout_ms == 0
                         ? budget_ms
                         : std::min(budget_ms, static_cast<long>(connect_timeout_ms))};
}

Response out_of_memory() {
  Response response;
  response.code = CURLE_OUT_OF_MEMORY;
  response.error = curl_easy_strerror(response.code);
  return response;
}

CURLcode set_request_options(CURL* handle, const Request& request, const TimeLimits& limits,
                             const HeaderList& headers, Exchange& exchange) {
  Options options(handle);
  options.set(CURLOPT_URL, request.url.c_str());
  options.set(CURLOPT_CUSTOMREQUEST,
              request.method == Method::put ? "PUT" : static_cast<const char*>(nullptr));
  options.set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  options.set(CURLOPT_HTTPHEADER, headers.get());
  options.set(CURLOPT_FRESH_CONNECT, request.replayable ? 0L : 1L);
  options.set(CURLOPT_CONNECTTIMEOUT_MS, limits.connect_ms);
  options.set(CURLOPT_TIMEOUT_MS, limits.total_ms);
  options.set(CURLOPT_READDATA, static_cast<void*>(&exchange.upload));
  options.set(CURLOPT_SEEKDATA, static_cast<void*>(&exchange.upload));
  options.set(CURLOPT_WRITEDATA, static_cast<void*>(&exchange.download));
  return options.result();
}

// Status, content type and Retry-After into `response`; returns the
// system's errno of a failed connect (0 if none).
long read_answer_details(CURL* handle, Response& response) {
  long os_errno = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
  curl_easy_getinfo(handle, CURLINFO_OS_ERRNO, &os_errno);
  const char* content_type = nullptr;
  if (curl_easy_getinfo(handle, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK &&
      content_type != nullptr) {
    response.content_type = content_type;
  }
  curl_off_t retry_after = 0;
  if (curl_easy_getinfo(handle, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK &&
      retry_after > 0) {
    response.retry_after_s = retry_after;
  }
  return os_errno;
}

// The header list and the buffers die with the request: leave the handle no
// pointers to them.
void forget_request_buffers(CURL* handle) {
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
  curl_easy_setopt(handle, CURLOPT_READDATA, static_cast<void*>(nullptr));
  curl_easy_setopt(handle, CURLOPT_SEEKDATA, static_cast<void*>(nullptr));
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, static_cast<void*>(nullptr));
}

void finish_response(Response& response, const Request& request, Exchange& exchange, long os_errno,
                     const char* error_buffer) {
  response.request_sent = exchange.upload.offset == request.body.size();
  response.timed_out = response.code == CURLE_OPERATION_TIMEDOUT;
  response.too_large = exchange.download.too_large || response.code == CURLE_FILESIZE_EXCEEDED;
  if (response.code != CURLE_OK) {
    response.status = 0;  // a status line without a complete answer is no answer
    response.error = error_words(response.code, os_errno, error_buffer);
  }
  response.body = std::move(exchange.download.body);
}

// The CA bundle decides whom the client secret and every password are sent
// to: opened and checked as the config file is (files::open_trusted), read
// through that descriptor and handed to libcurl as bytes, so no one can swap
// the file between the check and the TLS handshake.
std::string read_ca_bundle(const std::string& path, std::string& bundle) {
  files::TrustedFile file = files::open_trusted(path);
  if (!file.problem.empty()) return "CA file " + path + " " + file.problem;
  files::PlainContents contents = files::read_bounded_plain(
      file.fd.get(), kMaxCaBundleBytes, static_cast<std::size_t>(file.st.st_size));
  if (contents.error != 0) {
    return "CA file " + path + " cannot be read: " + files::error_text(contents.error);
  }
  if (contents.too_large) return "CA file " + path + " is larger than 16 MiB";
  bundle = std::move(contents.text);
  return {};
}

}  // namespace

bool process_is_secure() { return ::getauxval(AT_SECURE) != 0; }

std::string environment_problem(bool at_secure) {
  if (at_secure && std::getenv("SSLKEYLOGFILE") != nullptr) {
    return "refusing to use TLS with SSLKEYLOGFILE set in a setuid process "
           "(libcurl would write the TLS session keys to that file)";
  }
  return {};
}

std::variant<std::unique_ptr<Transport>, std::string> Transport::create(
    const TenantSettings& settings) {
  // Before curl_global_init: that is when libcurl opens SSLKEYLOGFILE.
  if (std::string problem = environment_problem(process_is_secure()); !problem.empty())
    return problem;
  BaseUrl base = parse_base_url(settings);
  if (!base.problem.empty()) return std::move(base.problem);
  std::string ca_bundle;
  if (!settings.ca_file.empty()) {
    if (std::string problem = read_ca_bundle(settings.ca_file, ca_bundle); !problem.empty())
      return problem;
  }
  if (const CURLcode rc = global_init_once(); rc != CURLE_OK) {
    return std::string("libcurl initialisation failed: ") + curl_easy_strerror(rc);
  }
  CURL* handle = curl_easy_init();
  if (handle == nullptr) return std::string("libcurl initialisation failed");
  std::unique_ptr<Transport> transport(
      new Transport(handle, std::move(base.url), settings.connect_timeout_ms));
  if (const CURLcode rc =
          set_fixed_options(handle, settings, base, ca_bundle, transport->error_buffer_);
      rc != CURLE_OK) {
    return std::string("libcurl refused an option: ") + curl_easy_strerror(rc);
  }
  return transport;
}

Transport::Transport(CURL* handle, std::string base_url, unsigned connect_timeout_ms)
    : handle_(handle), base_url_(std::move(base_url)), connect_timeout_ms_(connect_timeout_ms) {}

Transport::~Transport() { curl_easy_cleanup(handle_); }

Response Transport::perform(const Request& request) {
  const long budget_ms = milliseconds_until(request.deadline);
  if (budget_ms <= 0) return out_of_time();
  const TimeLimits limits = time_limits(budget_ms, connect_timeout_ms_);
  Exchange exchange{{request.body, 0, request.replayable}, {}};
  exchange.download.body.reserve(16 * 1024);
  HeaderList headers;
  if (!build_headers(request, headers)) return out_of_memory();
  error_buffer_[0] = '\0';
  Response response;
  const CURLcode refused = set_request_options(handle_, request, limits, headers, exchange);
  response.code = refused != CURLE_OK ? refused : curl_easy_perform(handle_);
  const long os_errno = read_answer_details(handle_, response);
  forget_request_buffers(handle_);
  finish_response(response, request, exchange, os_errno, error_buffer_);
  return response;
}

Secret Transport::escape(std::string_view text) const {
  if (text.empty()) return {};
  if (text.size() > kMaxAnswerBytes) throw std::length_error("text too long to escape");
  char* escaped = curl_easy_escape(handle_, text.data(), static_cast<int>(text.size()));
  if (escaped == nullptr) throw std::bad_alloc();
  Secret out(escaped);
  explicit_bzero(escaped, std::strlen(escaped));
  curl_free(escaped);
  return out;
}

}  // namespace pam_idaas::tenant::http
