// The tenant client's transport and its edges: TLS verification, base_url
// checks, proxies and the environment of setuid processes, answers outside
// the contract (from a canned server), the client secret file, and the
// cleaning of the tenant's messages.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "canned_server.h"
#include "tenant/answers.h"
#include "tenant/for_tests.h"
#include "tenant/http.h"
#include "tenant_fixture.h"  // last: it ends with cmocka

using namespace tenant_test;

namespace {

TenantSettings plain_settings(const CannedServer& server) {
  TenantSettings s = settings(3000);
  s.base_url = server.url();
  pam_idaas::tenant::for_tests::allow_plain_http_loopback(true);
  return s;
}

// ---- TLS, URLs, proxies, environment ---------------------------------------------------

void expect_refused_tls(const TenantSettings& s, const char* label) {
  const auto start = std::chrono::steady_clock::now();
  const auto result = client(s)->ping();
  std::printf("%s -> %s in %lld ms: %s\n", label, status_name(result.outcome.status),
              milliseconds_since(start), result.outcome.detail.c_str());
  expect(result.outcome, Status::misconfigured);
  expect_contains(result.outcome.detail, "TLS verification failed");
  assert_int_equal(fake().count_requests("token"), 0);
}

void certificate_problems_are_misconfigured(void**) {
  auto wrong_host = settings();
  wrong_host.base_url = fake().wrong_host_url();
  expect_refused_tls(wrong_host, "certificate for another host");
  auto system_cas = settings();
  system_cas.ca_file.clear();
  expect_refused_tls(system_cas, "certificate from an untrusted CA");
  auto missing_ca = settings();
  missing_ca.ca_file = group->dir + "/no-such-ca.pem";
  // Refused before any connection: the file is opened and checked first (issue 18, item 7).
  const Outcome missing = client(missing_ca)->ping().outcome;
  expect(missing, Status::misconfigured);
  assert_str_eq(missing.detail,
                "CA file " + missing_ca.ca_file + " cannot be opened: No such file or directory");
}

// libcurl uses its compiled-in CA bundle and path, so the variables that
// steer the curl tool and OpenSSL's defaults cannot make it trust a CA.
void environment_cannot_add_trust(void**) {
  const std::string ca_dir = group->dir + "/ca-dir";
  std::filesystem::create_directories(ca_dir);
  std::filesystem::copy_file(fake().ca_file(), ca_dir + "/ca.pem",
                             std::filesystem::copy_options::overwrite_existing);
  assert_int_equal(std::system(("openssl rehash " + ca_dir).c_str()),
                   0);  // the fake needs openssl too
  setenv("SSL_CERT_FILE", fake().ca_file().c_str(), 1);
  setenv("SSL_CERT_DIR", ca_dir.c_str(), 1);
  setenv("CURL_CA_BUNDLE", fake().ca_file().c_str(), 1);
  auto system_cas = settings();
  system_cas.ca_file.clear();
  const Outcome outcome = client(system_cas)->ping().outcome;
  for (const char* name : {"SSL_CERT_FILE", "SSL_CERT_DIR", "CURL_CA_BUNDLE"}) unsetenv(name);
  expect(outcome, Status::misconfigured);
  expect_contains(outcome.detail, "TLS verification failed");
}

struct UrlCase {
  const char* url;
  bool allow_plain_http_loopback;
  const char* refusal;  // words of the misconfigured detail; nullptr: the URL is used
};

void base_url_is_checked_before_use(void**) {
  const UrlCase cases[] = {
      {"http://127.0.0.1:1", false, "plain http://"},
      {"http://10.1.2.3", true, "only to 127.0.0.0/8"},
      {"http://127.0.0.1.example.com", true, "only to 127.0.0.0/8"},
      {"ftp://127.0.0.1/", true, "must start with https://"},
      {"https://user:hunter2@127.0.0.1/", false, "user name or password"},
      {"https://127.0.0.1/?q=1", false, "query"},
      // Issue 20: the configuration's stricter rule, which libcurl alone let pass.
      {"https://127.0.0.1:1/p@th", false, "user name or password"},
      {"https://127.0.0.1:1/?", false, "query"},
      {"HTTPS://127.0.0.1:1", false, "must start with https://"},
      {"not a url at all", false, "not a valid URL"},
      {"", false, "not set"},
      {"http://127.0.0.1:1", true, nullptr},
      {"http://127.8.9.10:1", true, nullptr},
      {"http://LOCALHOST:1", true, nullptr},
      {"http://[::1]:1", true, nullptr},
      {"https://127.0.0.1:1", false, nullptr},
  };
  for (const UrlCase& u : cases) {
    auto s = settings(2000);
    s.base_url = u.url;
    pam_idaas::tenant::for_tests::allow_plain_http_loopback(u.allow_plain_http_loopback);
    const Outcome outcome = client(s)->ping().outcome;
    assert_true(outcome.detail.find("hunter2") == std::string::npos);
    if (u.refusal != nullptr) {
      expect(outcome, Status::misconfigured);
      expect_contains(outcome.detail, u.refusal);
    } else {  // nothing listens on port 1
      expect(outcome, Status::unavailable);
      expect_contains(outcome.detail, "tenant unreachable: ");
    }
  }
  pam_idaas::tenant::for_tests::allow_plain_http_loopback(false);
  auto s = settings();
  s.base_url = "https://127.0.0.1:1";
  assert_str_eq(client(s)->ping().outcome.detail,
                "tenant unreachable: Connection refused (https://127.0.0.1:1)");
}

constexpr const char* kProxyVariables[] = {"HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy",
                                           "http_proxy"};

void environment_proxies_are_ignored(void**) {
  for (const char* name : kProxyVariables) setenv(name, "http://127.0.0.1:9", 1);
  const Outcome outcome = client()->ping().outcome;
  for (const char* name : kProxyVariables) unsetenv(name);
  expect(outcome, Status::ok);
  auto s = settings(2000);
  s.proxy = "http://127.0.0.1:9";  // the configured proxy is used: nothing listens there
  expect(client(s)->ping().outcome, Status::unavailable);
}

void key_log_file_is_refused_in_setuid_processes(void**) {
  unsetenv("SSLKEYLOGFILE");
  assert_true(http::environment_problem(true).empty());
  setenv("SSLKEYLOGFILE", "/tmp/keys", 1);
  expect_contains(http::environment_problem(true), "SSLKEYLOGFILE");
  assert_true(http::environment_problem(false).empty());
  unsetenv("SSLKEYLOGFILE");
  assert_false(http::process_is_secure());
}

// The rule end to end: a process started with real uid != effective uid gets
// AT_SECURE from the kernel. The child pings the fake and exits with the status.
int run_ping_child(bool secure, const std::string& key_log) {
  const pid_t pid = fork();
  if (pid == 0) {
    setenv("SSLKEYLOGFILE", key_log.c_str(), 1);
    if (secure && setresuid(65534, 0, 0) != 0) _exit(100);
    execl("/proc/self/exe", "test_tenant_transport", "--ping-child", fake().url().c_str(),
          fake().ca_file().c_str(), group->secret_file.c_str(), static_cast<char*>(nullptr));
    _exit(101);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int ping_child(char** argv) {
  TenantSettings s;
  s.base_url = argv[2];
  s.ca_file = argv[3];
  s.client_id = "test-client";
  Client c(s, read_client_secret(argv[4]));
  const Outcome outcome = c.ping().outcome;
  std::fprintf(stderr, "child (AT_SECURE %d): %s %s\n", http::process_is_secure(),
               status_name(outcome.status), outcome.detail.c_str());
  return static_cast<int>(outcome.status);
}

void key_log_file_is_never_opened_in_setuid_processes(void**) {
  if (geteuid() != 0) skip_because("needs root (setresuid)");
  const std::string keys = group->dir + "/keys";
  assert_int_equal(run_ping_child(true, keys), static_cast<int>(Status::misconfigured));
  assert_false(std::filesystem::exists(keys));
  // What the rule prevents: the same client without AT_SECURE writes the TLS keys.
  assert_int_equal(run_ping_child(false, keys), static_cast<int>(Status::ok));
  assert_true(std::filesystem::file_size(keys) > 0);
}

// ---- answers the fake does not give ----------------------------------------------------

void plain_http_to_loopback_works_when_allowed(void**) {
  const CannedServer server({token_answer()});
  expect(client(plain_settings(server))->ping().outcome, Status::ok);
}

void change_that_never_left_is_retried_and_not_applied(void**) {
  const CannedServer server({token_answer()});
  const auto start = std::chrono::steady_clock::now();
  const Outcome outcome =
      client(plain_settings(server))->change_password("id", kAlicePassword, kNewPassword);
  const long long ms = milliseconds_since(start);
  std::printf("connection refused on verify -> %s in %lld ms\n", status_name(outcome.status), ms);
  expect(outcome, Status::unavailable);
  assert_false(outcome.maybe_applied);
  expect_contains(outcome.detail, "tenant unreachable: Connection refused (http://127.0.0.1:");
  assert_true(ms >= 400);  // two pauses: the request was resent
}

// request_sent is false only when the tenant cannot have the whole request.
void transport_knows_when_a_request_left(void**) {
  const auto perform = [](const std::string& base_url, const std::string& path) {
    auto s = settings();
    s.base_url = base_url;
    auto made = http::Transport::create(s);
    auto& transport = *std::get<std::unique_ptr<http::Transport>>(made);
    http::Request request;
    request.url = transport.base_url() + path;
    request.content_type = "application/json";
    request.body = R"({"user_name":"alice"})";
    request.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    return transport.perform(request);
  };
  const auto refused = perform("https://127.0.0.1:1", "/");
  assert_int_equal(refused.code, CURLE_COULDNT_CONNECT);
  assert_false(refused.request_sent);
  const auto untrusted = perform(fake().wrong_host_url(), "/");
  assert_int_equal(untrusted.code, CURLE_PEER_FAILED_VERIFICATION);
  assert_false(untrusted.request_sent);
  const auto answered = perform(fake().url(), "/api/v2/tenant/users/user-by-username");
  assert_int_equal(answered.status, 401);  // no token
  assert_true(answered.request_sent);
  fake().fault("user", "reset_before", 1);
  const auto reset = perform(fake().url(), "/api/v2/tenant/users/user-by-username");
  assert_int_equal(reset.status, 0);
  assert_true(reset.request_sent);  // in the socket: it may have arrived
}

void unknown_error_code_keeps_the_cleaned_message(void**) {
  const CannedServer server(
      {token_answer(),
       answer(
           400,
           R"({"error_code":"PWD.0010","error_msg":"New\u0007 rule: Hunter#2024x is\nrefused"})")});
  const Outcome outcome =
      client(plain_settings(server))->change_password("id", "Old#Pass1234", "Hunter#2024x");
  expect(outcome, Status::rejected);
  assert_false(outcome.rule.has_value());
  assert_str_eq(outcome.code, "PWD.0010");
  assert_str_eq(outcome.detail, "New rule: *** isrefused");
}

void answers_outside_the_contract_are_misconfigured(void**) {
  const std::vector<std::pair<std::string, const char*>> cases = {
      {answer(400, "<html>Bad Request</html>", "", "text/html"),
       "without the documented error_code"},
      {answer(200, R"({"user_name":"alice"})"), "no user_id"},
      {answer(200, R"({"user_id":"x","disabled":"no"})"), "disabled is not true or false"},
      {answer(302, "", "Location: https://127.0.0.1:1/\r\n"), "unexpected HTTP status 302"},
      {kFlood, "larger than 1 MiB"},
  };
  for (const auto& [canned, words] : cases) {
    const CannedServer server({token_answer(), canned});
    const auto start = std::chrono::steady_clock::now();
    const auto result = client(plain_settings(server))->find_user("alice");
    expect(result.outcome, Status::misconfigured);
    expect_contains(result.outcome.detail, words);
    assert_true(milliseconds_since(start) < 1000);
  }
}

void token_answers_are_checked(void**) {
  {
    const CannedServer server({token_answer("1000000000000")});
    assert_int_equal(client(plain_settings(server))->ping().value->expires_in.count(),
                     86400);  // capped at a day
  }
  for (const auto& [canned, words] : std::vector<std::pair<std::string, const char*>>{
           {token_answer("0"), "expires_in"},
           {token_answer("\"1800\""), "expires_in"},
           {token_answer("1800", "\"mac\""), "not Bearer"},
           {answer(200, "{}"), "access_token"}}) {
    const CannedServer server({canned});
    const Outcome outcome = client(plain_settings(server))->ping().outcome;
    expect(outcome, Status::misconfigured);
    expect_contains(outcome.detail, words);
  }
}

// ---- the secret file ------------------------------------------

std::string secret_file_error(const std::string& path) {
  try {
    read_client_secret(path);
  } catch (const SecretFileError& e) {
    return e.what();
  }
  return "(accepted)";
}

void secret_file_problems_are_explained(void**) {
  const std::string dir = group->dir;
  write_file(dir + "/spaced", "  s3cret value \n", 0600);
  assert_str_eq(read_client_secret(dir + "/spaced"), "s3cret value");
  std::filesystem::create_symlink(group->secret_file, dir + "/link");
  write_file(dir + "/readable", "s3cret", 0644);
  write_file(dir + "/blank", " \n\t\n", 0600);
  write_file(dir + "/big", std::string(5000, 'x'), 0600);
  write_file(dir + "/foreign", "s3cret", 0600);
  mkdir((dir + "/directory").c_str(), 0700);
  const bool root = geteuid() == 0;
  if (root) assert_int_equal(chown((dir + "/foreign").c_str(), 65534, 65534), 0);
  const std::pair<const char*, const char*> cases[] = {
      {"missing", "does not exist"},
      {"link", "is a symbolic link"},
      {"readable", "(mode 0644); refusing it: chmod 600 "},
      {"blank", "is empty"},
      {"big", "larger than 4 KiB"},
      {"directory", "is not a regular file"},
      {"foreign",
       root ? "is owned by uid 65534, not root; refusing it: chown root " : "(accepted)"},
  };
  for (const auto& [name, words] : cases) {
    const std::string message = secret_file_error(dir + "/" + name);
    print_message("%s\n", message.c_str());
    expect_contains(message, words);
    if (std::string_view(words) != "(accepted)")
      expect_contains(message, "client secret file " + dir + "/" + name);
    assert_true(message.find("s3cret") == std::string::npos);
  }
}

// Passwords, the client secret and the tokens (as the fake saw them in the
// Authorization header) appear neither in a URL nor in any detail.
void error_messages_are_cleaned(void**) {
  const std::string_view secrets[] = {"Hunter#2024"};
  assert_str_eq(answers::clean_message("bad\x01 one\n\x7f\xC2\x85 end\xE2\x80\xA8!", {}),
                "bad one end!");
  assert_str_eq(answers::clean_message("you sent Hunter#2024, Hunter#\n2024", secrets),
                "you sent ***, ***");
  const std::string cut = answers::clean_message(std::string(199, 'a') + "密码", {});
  assert_str_eq(cut, std::string(199, 'a'));  // not half a character
  assert_int_equal(answers::clean_message(std::string(300, 'a'), {}).size(), 200);
}

}  // namespace

#define TENANT_TEST(name) cmocka_unit_test_setup(name, reset_fake)

int main(int argc, char** argv) {
  if (argc == 5 && std::string_view(argv[1]) == "--ping-child") return ping_child(argv);
  const struct CMUnitTest tests[] = {
      TENANT_TEST(certificate_problems_are_misconfigured),
      TENANT_TEST(environment_cannot_add_trust),
      TENANT_TEST(base_url_is_checked_before_use),
      TENANT_TEST(environment_proxies_are_ignored),
      TENANT_TEST(key_log_file_is_refused_in_setuid_processes),
      TENANT_TEST(key_log_file_is_never_opened_in_setuid_processes),
      TENANT_TEST(plain_http_to_loopback_works_when_allowed),
      TENANT_TEST(change_that_never_left_is_retried_and_not_applied),
      TENANT_TEST(transport_knows_when_a_request_left),
      TENANT_TEST(unknown_error_code_keeps_the_cleaned_message),
      TENANT_TEST(answers_outside_the_contract_are_misconfigured),
      TENANT_TEST(token_answers_are_checked),
      TENANT_TEST(secret_file_problems_are_explained),
      TENANT_TEST(error_messages_are_cleaned),
  };
  return cmocka_run_group_tests(tests, start_fake, stop_fake);
}
