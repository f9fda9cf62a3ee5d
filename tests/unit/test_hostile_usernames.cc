// Hostile user names and ids: '/', '..', '.', "%2F", spaces, non-ASCII,
// control characters, NUL, invalid UTF-8, 4 KiB names. Through the tenant
// client against the fake tenant: the lookup body is JSON holding exactly the
// name, and the id stays ONE percent-encoded path segment that the fake maps
// back to the same user. Through the module's change flow (real client, fake
// tenant): the change reaches the right user and every log line is printable.
#include <string>
#include <vector>

#include "base/unicode.h"
#include "base/utf8.h"
#include "flow_fakes.h"
#include "pam_module/change.h"
#include "pam_module/notices.h"
#include "pam_module/printable.h"
#include "tenant/plugin/client_port.h"
#include "tenant_fixture.h"

#include "hostile_cases.h"  // last: it ends with cmocka

namespace {

using namespace tenant_test;
using hostile::expect_contains;
using hostile::repeat;
using pam_idaas::module::printable;
using pam_idaas::policy::Rule;

constexpr const char* kOld = "Spiral%Moon88";

// A user the fake knows, with this name and id and kOld as password.
void add_user(const std::string& user_name, const std::string& user_id) {
  nlohmann::json user = {{"user_name", user_name}, {"password", kOld}};
  if (!user_id.empty()) user["user_id"] = user_id;
  fake().control("POST", "/_fake/users", user);
}

// From the list of all users: GET /_fake/users/{name} cannot name "." or "..".
std::string password_of(const std::string& user_name) {
  for (const auto& user : fake().control("GET", "/_fake/users")) {
    if (user.at("user_name").get<std::string>() == user_name) {
      return user.at("password").get<std::string>();
    }
  }
  return "(no such user)";
}

nlohmann::json last_request(const std::string& endpoint) {
  nlohmann::json found;
  for (const auto& entry : fake().requests()) {
    if (entry.value("endpoint", nlohmann::json()) == endpoint) found = entry;
  }
  assert_false(found.is_null());
  return found;
}

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (std::size_t at; (at = path.find('/', begin)) != std::string::npos; begin = at + 1) {
    parts.push_back(path.substr(begin, at - begin));
  }
  parts.push_back(path.substr(begin));
  return parts;
}

// ---- the tenant client --------------------------------------------------------------

struct NameRow {
  const char* name;
  std::string user_name;
  std::string user_id;  // empty: the fake derives one
  std::string segment;  // the id as the change request's path segment
};

const std::string kLongName = repeat("名", 1365) + "x";  // 4096 bytes

const std::vector<NameRow> kNameRows = {
    {"name: slash", "a/b", "a/b", "a%2Fb"},
    {"name: dot dot", "..", "..", "%2E%2E"},
    {"name: dot", ".", ".", "%2E"},
    {"name: path climbing", "../../token", "../../token", "..%2F..%2Ftoken"},
    {"name: %2F spelled out", "%2F", "%2F", "%252F"},
    {"name: %2E%2E spelled out", "%2E%2E", "%2E%2E", "%252E%252E"},
    {"name: spaces", " with  spaces ", " with  spaces ", "%20with%20%20spaces%20"},
    {"name: Chinese", "张三", "张三", "%E5%BC%A0%E4%B8%89"},
    {"name: query and fragment", "a?b=c#d&e", "a?b=c#d&e", "a%3Fb%3Dc%23d%26e"},
    {"name: backslash and semicolon", "dom\\user;x=1", "dom\\user;x=1", "dom%5Cuser%3Bx%3D1"},
    {"name: control characters", "ctl\x01\x1b[2J\r\n", "ctl\x01\x1b[2J\r\n",
     "ctl%01%1B%5B2J%0D%0A"},
    {"name: NUL inside", std::string("al\0ce", 5), std::string("al\0ce", 5), "al%00ce"},
    {"name: 4 KiB", kLongName, std::string(256, 'L'), std::string(256, 'L')},
};

void name_reaches_the_right_user(const NameRow& row) {
  add_user(row.user_name, row.user_id);
  auto c = client();
  const auto found = c->find_user(row.user_name);
  expect(found.outcome, Status::ok);
  assert_true(found.value->user_name == row.user_name);
  assert_true(found.value->user_id == row.user_id);

  // The lookup body: one JSON object whose user_name is exactly the name.
  const auto body = nlohmann::json::parse(last_request("user").at("body").get<std::string>());
  assert_true(body.is_object() && body.size() == 1);
  assert_true(body.at("user_name").get<std::string>() == row.user_name);

  expect(c->change_password(found.value->user_id, kOld, kNewPassword), Status::ok);
  const std::string path = last_request("verify").at("path").get<std::string>();
  assert_str_eq(path, "/api/v2/tenant/users/" + row.segment + "/change-password-verify");
  assert_int_equal(split(path).size(), 7);  // "", api, v2, tenant, users, {id}, action
  assert_str_eq(password_of(row.user_name), kNewPassword);
}

void name_not_utf8_is_not_sent(void**) {
  const auto result = client()->find_user(
      "al\xFF"
      "ce");
  expect(result.outcome, Status::rejected);
  assert_true(result.outcome.rule == Rule::user_not_found);
  assert_str_eq(result.outcome.detail, "the user name is not valid UTF-8 text");
  assert_int_equal(fake().requests().size(), 0);  // not even a token was asked for
}

void empty_user_id_is_not_sent(void**) {
  const Outcome outcome = client()->change_password("", kOld, kNewPassword);
  expect(outcome, Status::misconfigured);
  assert_str_eq(outcome.detail, "no user_id for the password change");
  assert_int_equal(fake().requests().size(), 0);
}

// ---- printable() --------------------------------------------------------------------

struct PrintableRow {
  const char* name;
  std::string text;
  std::string shown;
};

const std::vector<PrintableRow> kPrintableRows = {
    {"printable: path characters kept", "../a/%2F b", "../a/%2F b"},
    {"printable: Chinese kept", "张三", "张三"},
    {"printable: C0 controls and DEL", std::string("a\0b\r\n\x1b[2J\x7f", 10), "a?b???[2J?"},
    {"printable: C1 CSI (U+009B)",
     "a\xC2\x9B"
     "31mb",
     "a?31mb"},
    {"printable: line separator U+2028",
     "a\xE2\x80\xA8"
     "b",
     "a?b"},
    {"printable: bytes that are not UTF-8",
     "al\xFF\xC0\xAF"
     "ce\xE5\xAF",
     "al???ce??"},
    {"printable: 4 KiB cut on a character boundary", kLongName, repeat("名", 85) + "..."},
};

void shown_printable(const PrintableRow& row) { assert_str_eq(printable(row.text), row.shown); }

// ---- the module's change flow -------------------------------------------------------

using flow_fakes::Fakes;
using pam_idaas::module::Caller;
using pam_idaas::module::ChangeState;
using pam_idaas::module::Services;
namespace module = pam_idaas::module;

std::string flow_config(unsigned remember) {
  return "policy:\n  history:\n    file: @DIR@/history\n    remember: " + std::to_string(remember) +
         "\ntenant:\n  base_url: " + fake().url() +
         "\n  client_id: test-client\n  client_secret_file: " + group->secret_file +
         "\n  ca_file: " + fake().ca_file() + "\n";
}

// The flow with the real tenant client: Fakes' host and accounts, no MemoryTenant.
struct RealWorld : Fakes {
  module::ChangeState state;

  RealWorld(const std::string& user, unsigned remember) : Fakes(flow_config(remember)) {
    host.user_name = user;
  }

  module::Result run() {
    const Services real{host, accounts, tenant::connect_to_tenant};
    return flow_fakes::change_password(real, args, Caller{false, false}, state);
  }
};

// Valid UTF-8 without a control character: what a log line must be.
void expect_printable_logs(const RealWorld& w) {
  for (const std::string& line : w.host.logs) {
    if (printable(line) != line && line.size() <= 256) print_message("raw: %s\n", line.c_str());
    const auto decoded = utf8::decode(line);
    assert_true(decoded.ok);
    for (const char32_t c : decoded.text) assert_false(unicode::is_control(c));
  }
}

bool logged(const RealWorld& w, const std::string& part) {
  for (const auto& line : w.host.logs) {
    if (line.find(part) != std::string::npos) return true;
  }
  return false;
}

struct FlowRow {
  const char* name;
  std::string user_name;
  unsigned remember;   // history entries: the store takes no control characters
  std::string in_log;  // how the name appears in the log
};

const std::vector<FlowRow> kFlowRows = {
    {"flow: slash", "a/b", 5, "a/b"},
    {"flow: dot dot", "..", 5, "password of .. changed at the tenant"},
    {"flow: Chinese", "张三", 5, "张三"},
    {"flow: terminal escapes", "ctl\x1b[2J\x1b]0;x\x07", 0, "ctl?[2J?]0;x?"},
    {"flow: C1 CSI",
     "csi\xC2\x9B"
     "31m",
     0, "csi?31m"},
    {"flow: 4 KiB name", kLongName, 0, repeat("名", 85) + "..."},
};

void flow_changes_the_right_user(const FlowRow& row) {
  add_user(row.user_name, "");
  RealWorld w(row.user_name, row.remember);
  w.host.typed = {kOld, kNewPassword, kNewPassword};
  const module::Result result = w.run();
  if (result != module::Result::success) print_message("%s", w.host.all_output().c_str());
  assert_int_equal(result, module::Result::success);
  assert_str_eq(password_of(row.user_name), kNewPassword);
  assert_true(logged(w, "password of " + printable(row.user_name) + " changed at the tenant"));
  assert_true(logged(w, row.in_log));
  expect_printable_logs(w);
}

void flow_name_not_utf8_is_left_to_the_stack(void**) {
  RealWorld w(
      "al\xFF"
      "ce\x1b",
      5);
  w.host.typed = {kOld, kNewPassword, kNewPassword};
  assert_int_equal(w.run(), module::Result::ignore);
  assert_true(logged(w, "user al?ce? is not known to the tenant; left to the stack"));
  assert_true(w.host.prompts.empty());
  assert_int_equal(fake().requests().size(), 0);
  expect_printable_logs(w);
}

// The history store keys lines by name and takes no control character: the
// change stops before the tenant, and the log says why.
void flow_name_the_history_cannot_hold_stops_before_the_tenant(void**) {
  const std::string name = "ctl\x01name";
  add_user(name, "");
  RealWorld w(name, 5);
  w.host.typed = {kOld, kNewPassword, kNewPassword};
  assert_int_equal(w.run(), module::Result::service_error);
  expect_contains(w.host.all_errors(), std::string(text(module::Notice::config_unusable,
                                                        pam_idaas::policy::Language::en)));
  assert_true(logged(w, "password history unusable: invalid user name for "));
  assert_true(logged(w, "it contains a control character or is not valid UTF-8"));
  assert_int_equal(fake().count_requests("verify"), 0);
  assert_str_eq(password_of(name), kOld);
  expect_printable_logs(w);
}

// ---- hostile passwords over the wire -------------------------------------------------
// The same flow with the real client: what the fake's request log shows.

void flow_current_password_not_utf8_never_leaves(void**) {
  RealWorld w("alice", 5);
  w.host.typed = {
      "Lantern#48\xFF"
      "21",
      kNewPassword, kNewPassword};
  const module::Result result = w.run();
  if (result != module::Result::recovery_error) print_message("%s", w.host.all_output().c_str());
  assert_int_equal(result, module::Result::recovery_error);
  expect_contains(w.host.all_errors(),
                  "IDAAS.LOCAL.0001: Password is not valid UTF-8 text (invalid byte sequence at "
                  "byte 11)");
  assert_int_equal(fake().count_requests("verify"), 0);
  assert_str_eq(password_of("alice"), kAlicePassword);
}

void flow_password_of_1_mib_never_leaves(void**) {
  RealWorld w("alice", 5);
  w.host.typed = {kAlicePassword, std::string(1024 * 1024, 'Z')};
  assert_int_equal(w.run(), module::Result::authtok_error);
  expect_contains(w.host.all_errors(),
                  "IDAAS.LOCAL.0002: Password is longer than 4096 bytes and cannot be checked");
  assert_int_equal(fake().count_requests("verify"), 0);
  for (const auto& entry : fake().requests()) {
    assert_true(entry.at("body").get<std::string>().size() < 4096);
  }
  for (const auto& line : w.host.logs) assert_true(line.find("ZZZZ") == std::string::npos);
}

}  // namespace

int main() {
  std::vector<CMUnitTest> tests;
  hostile::add_rows(tests, kNameRows, name_reaches_the_right_user);
  hostile::add(tests, "name: not UTF-8 (never sent)", name_not_utf8_is_not_sent);
  hostile::add(tests, "user id: empty (never sent)", empty_user_id_is_not_sent);
  hostile::add_rows(tests, kPrintableRows, shown_printable);
  hostile::add_rows(tests, kFlowRows, flow_changes_the_right_user);
  hostile::add(tests, "flow: name not UTF-8", flow_name_not_utf8_is_left_to_the_stack);
  hostile::add(tests, "flow: name the history store cannot hold",
               flow_name_the_history_cannot_hold_stops_before_the_tenant);
  hostile::add(tests, "wire: current password not UTF-8",
               flow_current_password_not_utf8_never_leaves);
  hostile::add(tests, "wire: new password of 1 MiB", flow_password_of_1_mib_never_leaves);
  // Every test starts from the fake's own users, faults and an empty request log.
  for (CMUnitTest& t : tests) t.setup_func = reset_fake;
  return hostile::run("hostile user names", tests, start_fake, stop_fake);
}
