// The user's own login (POST /api/v2/sdk/login): what the client sends (every
// header, the body, no token), how it reads every answer (a canned server
// for answers the fake does not give, the fake tenant for its LOGIN.* codes
// and faults), the device fingerprint, and that a login needs no secret.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <string>
#include <vector>

#include "canned_server.h"
#include "tenant/device.h"
#include "tenant/for_tests.h"
#include "tenant_fixture.h"  // last: it ends with cmocka

using namespace tenant_test;
using pam_idaas::policy::Rule;

namespace {

constexpr const char* kSession =
    R"({"status":"success","session_token":"canned-session","id_token":"canned-id","expire":7200})";
constexpr const char* kStateOnly = R"({"status":"success","state_token":"canned-state"})";
constexpr LoginCaller kNobody{};

TenantSettings plain_settings(const CannedServer& server) {
  TenantSettings s = settings(3000);
  s.base_url = server.url();
  pam_idaas::tenant::for_tests::allow_plain_http_loopback(true);
  return s;
}

Reply<LoginAnswer> login_at(const CannedServer& server, const LoginCaller& caller = kNobody,
                            const char* password = kAlicePassword) {
  return client(plain_settings(server))->login("alice", password, caller);
}

// The header lines of a raw request, without the request line and the body.
std::vector<std::string> header_lines(const std::string& request) {
  std::vector<std::string> lines;
  const std::size_t end = request.find("\r\n\r\n");
  std::size_t at = request.find("\r\n") + 2;
  while (at < end) {
    const std::size_t next = request.find("\r\n", at);
    lines.push_back(request.substr(at, next - at));
    at = next + 2;
  }
  return lines;
}

bool has_line(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

bool has_header(const std::vector<std::string>& lines, const std::string& name) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& line) { return line.rfind(name + ":", 0) == 0; });
}

std::string only_request(const CannedServer& server) {
  const auto requests = server.requests();
  assert_int_equal(requests.size(), 1);  // one login, no token request, never resent
  return requests[0];
}

std::string read_whole(const char* path) {
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);  // machine-id(5): one line
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// ---- what is sent ------------------------------------------------------------------

void request_has_every_header_and_the_body(void**) {
  const CannedServer server({answer(200, kSession)});
  auto s = plain_settings(server);
  s.login_client_id = "login-app";
  const auto result = client(s)->login("alice", kAlicePassword, {"192.0.2.7", "zh"});
  expect(result.outcome, Status::ok);
  assert_false(result.value->next_step);
  const std::string request = only_request(server);
  assert_true(request.rfind("POST /api/v2/sdk/login HTTP/1.1\r\n", 0) == 0);
  const auto lines = header_lines(request);
  assert_true(has_line(lines, "Content-Type: application/json;charset=utf8"));
  assert_true(has_line(lines, "X-client-id: login-app"));
  assert_true(has_line(lines, "X-operating-sys-version: " + device::operating_system()));
  assert_true(device::operating_system().rfind("Linux ", 0) == 0);
  assert_true(has_line(lines, "X-device-fingerprint: " + device::fingerprint()));
  assert_true(has_line(lines, "X-agent: pam_idaas/" PAM_IDAAS_VERSION));
  assert_true(has_line(lines, "X-device-ip: 192.0.2.7"));
  assert_true(has_line(lines, "X-L: zh"));
  assert_false(has_header(lines, "Authorization"));
  const std::string body = request.substr(request.find("\r\n\r\n") + 4);
  assert_str_eq(body, R"({"user_name":"alice","password":"Lantern#4821"})");
}

void client_id_stands_in_for_an_empty_login_client_id(void**) {
  const CannedServer server({answer(200, kSession)});
  expect(login_at(server).outcome, Status::ok);
  const auto lines = header_lines(only_request(server));
  assert_true(has_line(lines, "X-client-id: test-client"));
  assert_false(has_header(lines, "X-device-ip"));  // empty: left out
  assert_false(has_header(lines, "X-L"));
}

// PAM_RHOST comes from the caller of the PAM application: a CR LF in it must
// not become a header of its own.
void device_ip_and_language_are_left_out_unless_clean(void**) {
  for (const char* address : {"203.0.113.9\r\nX-Evil: 1", "203.0.113.9\nX-Evil: 1", "host name",
                              "tab\there", "bell\a.example", "-dash.example", "\x7f"}) {
    const CannedServer server({answer(200, kSession)});
    expect(login_at(server, {address, "en\r\nX-Evil: 2"}).outcome, Status::ok);
    const std::string request = only_request(server);
    const auto lines = header_lines(request);
    assert_false(has_header(lines, "X-device-ip"));
    assert_false(has_header(lines, "X-L"));
    assert_true(request.find("X-Evil") == std::string::npos);
  }
  for (const char* address : {"2001:db8::7", "::1", "client-7.example.com", "10.0.0.1"}) {
    const CannedServer server({answer(200, kSession)});
    expect(login_at(server, {address, "zh-CN"}).outcome, Status::ok);
    const auto lines = header_lines(only_request(server));
    assert_true(has_line(lines, std::string("X-device-ip: ") + address));
    assert_true(has_line(lines, "X-L: zh-CN"));
  }
}

void login_client_id_that_breaks_a_header_is_misconfigured(void**) {
  auto s = settings();
  s.login_client_id = "app\r\nX-Evil: 1";
  const auto result = client(s)->login("alice", kAlicePassword, kNobody);
  expect(result.outcome, Status::misconfigured);
  expect_contains(result.outcome.detail, "login_client_id");
  assert_int_equal(fake().requests().size(), 0);
}

void text_json_cannot_carry_is_refused_before_sending(void**) {
  const auto bad_password = client()->login("alice", "Lantern\xff", kNobody);
  expect(bad_password.outcome, Status::rejected);
  assert_true(bad_password.outcome.rule == Rule::invalid_utf8);
  const auto bad_name = client()->login("al\xffice", kAlicePassword, kNobody);
  expect(bad_name.outcome, Status::rejected);
  assert_true(bad_name.outcome.rule == Rule::user_not_found);
  assert_int_equal(fake().requests().size(), 0);
}

// ---- the device fingerprint ---------------------------------------------------------

void fingerprint_is_the_hmac_of_the_machine_id(void**) {
  const std::string raw = "4f3c0e1b9a7d4c2e8b6a5d3c1e0f9a8b";
  const std::string path = group->dir + "/machine-id";
  write_file(path, raw + "\n", 0644);
  // HMAC-SHA256(key = id, "pam_idaas device fingerprint v1"), from Python's hmac module.
  assert_str_eq(device::fingerprint(path.c_str()), "d62218df3d1eccd08e2f20c40bb9b621");
  assert_str_eq(device::fingerprint_of(raw), "d62218df3d1eccd08e2f20c40bb9b621");
  write_file(path, "", 0644);
  std::array<char, 256> host{};
  assert_int_equal(gethostname(host.data(), host.size() - 1), 0);
  assert_str_eq(device::fingerprint(path.c_str()), device::fingerprint_of(host.data()));
  const std::string missing = group->dir + "/no-machine-id";
  assert_str_eq(device::fingerprint(missing.c_str()), device::fingerprint_of(host.data()));
  assert_true(device::fingerprint_of("a") != device::fingerprint_of("b"));
}

// Whatever keys the fingerprint on this host, neither it nor any 8 bytes of it
// is in the request.
void raw_machine_id_is_in_no_header(void**) {
  std::string key = read_whole(device::kMachineIdPath);
  if (key.empty()) {
    std::array<char, 256> host{};
    assert_int_equal(gethostname(host.data(), host.size() - 1), 0);
    key = host.data();
  }
  const CannedServer server({answer(200, kSession)});
  expect(login_at(server, {"192.0.2.7", "en"}).outcome, Status::ok);
  const std::string request = only_request(server);
  const std::string head = request.substr(0, request.find("\r\n\r\n"));
  for (std::size_t at = 0; at + 8 <= key.size(); ++at) {
    if (head.find(key.substr(at, 8)) != std::string::npos) {
      print_message("the request carries \"%s\" of the device key\n", key.substr(at, 8).c_str());
      fail();
    }
  }
  const std::string fingerprint = device::fingerprint();
  assert_int_equal(fingerprint.size(), 32);
  assert_true(fingerprint.find_first_not_of("0123456789abcdef") == std::string::npos);
}

// ---- answers from a canned server --------------------------------------------------

void state_token_means_another_step(void**) {
  const CannedServer server({answer(200, kStateOnly)});
  const auto result = login_at(server);
  expect(result.outcome, Status::ok);
  assert_true(result.value->next_step);
}

void wrong_password_is_rejected_with_the_cleaned_message(void**) {
  const CannedServer server({answer(
      400,
      R"json({"error_code":"LOGIN.0002","error_msg":"Invalid account name or password.\u001b[2J Remaining attempts: 4. (Lantern#4821)"})json")});
  const auto result = login_at(server);
  expect(result.outcome, Status::rejected);
  assert_str_eq(result.outcome.code, "LOGIN.0002");
  assert_str_eq(result.outcome.detail,
                "Invalid account name or password.[2J Remaining attempts: 4. (***)");
  assert_false(result.outcome.rule.has_value());
  assert_int_equal(result.outcome.http_status, 400);
  assert_false(result.outcome.maybe_applied);
  assert_false(result.value.has_value());
}

void other_refusals_keep_their_code(void**) {
  const CannedServer server(
      {answer(400, R"({"error_code":"LOGIN.0003","error_msg":"The account is locked."})")});
  const auto result = login_at(server);
  expect(result.outcome, Status::rejected);
  assert_str_eq(result.outcome.code, "LOGIN.0003");
  assert_str_eq(result.outcome.detail, "The account is locked.");
  assert_false(result.outcome.rule.has_value());
}

struct Fault {
  std::string canned;
  Status status;
  const char* words;
};

// Each is answered once: a login that may have reached the tenant is not
// resent (a wrong password would count twice), and none asks for a token.
void answers_outside_the_contract(void**) {
  const std::vector<Fault> faults = {
      {answer(500, R"({"error_code":"SYSTEM.0001"})"), Status::unavailable,
       "tenant error on the login (HTTP 500)"},
      {answer(502, "<html>502 Bad Gateway</html>", "", "text/html"), Status::unavailable,
       "HTTP 502"},
      {answer(200, "<html>Sign in</html>", "", "text/html"), Status::misconfigured,
       "not JSON: text/html"},
      {answer(200, R"({"session_token":"x)"), Status::misconfigured, "not JSON"},
      {answer(200, "[]"), Status::misconfigured, "not a JSON object"},
      {answer(200, R"({"status":"success"})"), Status::misconfigured,
       "neither session_token nor state_token"},
      {answer(200, R"({"session_token":42})"), Status::misconfigured, "session_token is not text"},
      {answer(200, R"({"state_token":["x"]})"), Status::misconfigured, "state_token is not text"},
      {answer(400, "<html>Bad Request</html>", "", "text/html"), Status::misconfigured,
       "without the documented error_code"},
      {answer(401, R"({"error":"invalid_client"})"), Status::misconfigured, "HTTP 401"},
      {answer(403, "{}"), Status::misconfigured, "HTTP 403"},
      {answer(404, "{}"), Status::misconfigured, "HTTP 404"},
      {answer(429, "{}", "Retry-After: 60\r\n"), Status::unavailable, "HTTP 429"},
      {answer(302, "", "Location: https://127.0.0.1:1/\r\n"), Status::misconfigured,
       "unexpected HTTP status 302"},
      {"HTTP/1.1 200 X\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
       Status::unavailable, "tenant unreachable"},
      {kFlood, Status::misconfigured, "larger than 1 MiB"},
  };
  for (const auto& [canned, status, words] : faults) {
    const CannedServer server({canned});
    const auto result = login_at(server);
    std::printf("%-60.60s -> %s: %s\n", canned.substr(0, canned.find("\r\n")).c_str(),
                status_name(result.outcome.status), result.outcome.detail.c_str());
    expect(result.outcome, status);
    expect_contains(result.outcome.detail, words);
    assert_false(result.outcome.maybe_applied);
    assert_false(result.value.has_value());
    assert_int_equal(server.requests().size(), 1);
  }
}

// ---- against the fake tenant ---------------------------------------------------------

void login_needs_no_secret(void**) {
  Client no_secret(settings(), Secret());
  const auto alice = no_secret.login("alice", kAlicePassword, kNobody);
  expect(alice.outcome, Status::ok);
  assert_false(alice.value->next_step);
  const auto lookup = no_secret.find_user("alice");
  expect(lookup.outcome, Status::misconfigured);
  assert_str_eq(lookup.outcome.detail, "the tenant client secret is empty");
  assert_int_equal(fake().count_requests("token"), 0);
  assert_int_equal(fake().count_requests("login"), 1);
}

void fake_tenant_codes(void**) {
  auto c = client();
  const auto bob = c->login("bob", fake_password("bob"), kNobody);
  expect(bob.outcome, Status::ok);
  assert_true(bob.value->next_step);
  const auto wrong = c->login("alice", "Wrong#Pass123", kNobody);
  expect(wrong.outcome, Status::rejected);
  assert_str_eq(wrong.outcome.code, "LOGIN.0002");
  assert_str_eq(wrong.outcome.detail, "Invalid account name or password. Remaining attempts: 4.");
  const auto carol = c->login("carol", fake_password("carol"), kNobody);
  expect(carol.outcome, Status::rejected);
  assert_str_eq(carol.outcome.code, "LOGIN.0004");
  const auto dave = c->login("dave", fake_password("dave"), kNobody);
  expect(dave.outcome, Status::rejected);
  assert_str_eq(dave.outcome.code, "LOGIN.0003");
  assert_int_equal(fake().count_requests("token"), 0);
}

void unknown_login_client_id_is_rejected(void**) {
  auto s = settings();
  s.login_client_id = "nobody-registered-this";
  const auto result = client(s)->login("alice", kAlicePassword, kNobody);
  expect(result.outcome, Status::rejected);
  assert_str_eq(result.outcome.code, "LOGIN.0001");
}

void fake_tenant_faults(void**) {
  struct Row {
    const char* fault;
    Status status;
    const char* words;
  };
  for (const Row& row :
       {Row{"slow", Status::unavailable, "within the time budget"},
        Row{"reset", Status::unavailable, "tenant unreachable"},
        Row{"reset_before", Status::unavailable, "tenant unreachable"},
        Row{"500", Status::unavailable, "HTTP 500"}, Row{"html", Status::unavailable, "HTTP 502"},
        Row{"html200", Status::misconfigured, "not JSON: text/html"},
        Row{"malformed", Status::misconfigured, "not JSON"},
        Row{"wrongtypes", Status::misconfigured, "session_token is not text"},
        Row{"401", Status::misconfigured, "HTTP 401"},
        Row{"403", Status::misconfigured, "HTTP 403"},
        Row{"404", Status::misconfigured, "HTTP 404"},
        Row{"huge", Status::misconfigured, "larger than 1 MiB"}}) {
    fake().reset();
    fake().fault("login", row.fault, 1, 3);
    const auto result = client(settings(1000))->login("alice", kAlicePassword, kNobody);
    std::printf("login fault %-12s -> %s: %s\n", row.fault, status_name(result.outcome.status),
                result.outcome.detail.c_str());
    expect(result.outcome, row.status);
    expect_contains(result.outcome.detail, row.words);
    assert_false(result.outcome.maybe_applied);
    assert_int_equal(fake().count_requests("login"), 1);
    assert_int_equal(fake().count_requests("token"), 0);
  }
}

}  // namespace

#define TENANT_TEST(name) cmocka_unit_test_setup(name, reset_fake)

int main() {
  const struct CMUnitTest tests[] = {
      TENANT_TEST(request_has_every_header_and_the_body),
      TENANT_TEST(client_id_stands_in_for_an_empty_login_client_id),
      TENANT_TEST(device_ip_and_language_are_left_out_unless_clean),
      TENANT_TEST(login_client_id_that_breaks_a_header_is_misconfigured),
      TENANT_TEST(text_json_cannot_carry_is_refused_before_sending),
      TENANT_TEST(fingerprint_is_the_hmac_of_the_machine_id),
      TENANT_TEST(raw_machine_id_is_in_no_header),
      TENANT_TEST(state_token_means_another_step),
      TENANT_TEST(wrong_password_is_rejected_with_the_cleaned_message),
      TENANT_TEST(other_refusals_keep_their_code),
      TENANT_TEST(answers_outside_the_contract),
      TENANT_TEST(login_needs_no_secret),
      TENANT_TEST(fake_tenant_codes),
      TENANT_TEST(unknown_login_client_id_is_rejected),
      TENANT_TEST(fake_tenant_faults),
  };
  return cmocka_run_group_tests(tests, start_fake, stop_fake);
}
