// Hostile tenant answers, from a canned server: wrong types, missing and
// extra fields, expires_in far out of range, token types other than Bearer,
// user ids empty or huge, broken or deeply nested JSON, invalid UTF-8, a BOM,
// trailing garbage, error codes full of terminal escapes; the same for the
// login's answer. Each gives the outcome and the detail an administrator
// reads in the log.
#include <string>
#include <vector>

#include "canned_server.h"
#include "outcome_checks.h"
#include "tenant/client.h"
#include "tenant/for_tests.h"

#include "hostile_cases.h"  // last: it ends with cmocka

namespace {

using namespace pam_idaas::tenant;
using hostile::expect_contains;
using tenant_test::answer;
using tenant_test::CannedServer;
using tenant_test::expect;
using tenant_test::token_answer;

constexpr std::size_t kKiB = 1024;

Client client_of(const CannedServer& server) {
  TenantSettings s;
  s.base_url = server.url();
  for_tests::allow_plain_http_loopback(true);
  s.client_id = "test-client";
  s.connect_timeout_ms = 1000;
  s.budget_ms = 3000;
  return Client(s, pam_idaas::Secret("canned-secret"));
}

void expect_detail(const Outcome& outcome, const std::string& detail) {
  if (outcome.detail != detail) {
    print_message("detail: %s\nwanted: %s\n", outcome.detail.c_str(), detail.c_str());
  }
  assert_str_eq(outcome.detail, detail);
}

enum class Call { token, lookup, change, login };

struct AnswerRow {
  const char* name;
  Call call;
  std::string body;  // of the 200 answer to the call
  std::string detail;
};

std::string undocumented(Call call, const std::string& problem) {
  const char* what = call == Call::token    ? "token request"
                     : call == Call::lookup ? "user lookup"
                     : call == Call::login  ? "login"
                                            : "password change";
  return std::string("the tenant's answer to the ") + what + " is not the documented JSON (" +
         problem + ")";
}

const std::string kNotJson = "not JSON: application/json";

std::string token_with(const std::string& fields) {
  return R"({"access_token":"canned-token","token_type":"Bearer")" + fields + "}";
}

std::string user_with(const std::string& fields) {
  return R"({"user_id":"id-1","user_name":"alice")" + fields + "}";
}

const std::vector<AnswerRow> kRows = {
    // the token answer
    {"token: expires_in 1e300", Call::token, token_with(R"(,"expires_in":1e300)"),
     "expires_in is not a positive integer"},
    {"token: expires_in 2^64", Call::token, token_with(R"(,"expires_in":18446744073709551616)"),
     "expires_in is not a positive integer"},
    {"token: expires_in negative", Call::token, token_with(R"(,"expires_in":-1800)"),
     "expires_in is not a positive integer"},
    {"token: expires_in 0", Call::token, token_with(R"(,"expires_in":0)"),
     "expires_in is not a positive integer"},
    {"token: expires_in a string", Call::token, token_with(R"(,"expires_in":"1800")"),
     "expires_in is not a positive integer"},
    {"token: expires_in a fraction", Call::token, token_with(R"(,"expires_in":1800.5)"),
     "expires_in is not a positive integer"},
    {"token: expires_in missing", Call::token, token_with(""),
     "expires_in is not a positive integer"},
    {"token: token_type mac", Call::token,
     R"({"access_token":"t","token_type":"mac","expires_in":1800})", "token_type is not Bearer"},
    {"token: token_type empty", Call::token,
     R"({"access_token":"t","token_type":"","expires_in":1800})", "token_type is not Bearer"},
    {"token: token_type Bearer and a NUL", Call::token,
     R"({"access_token":"t","token_type":"Bearer\u0000","expires_in":1800})",
     "token_type is not Bearer"},
    {"token: token_type a number", Call::token,
     R"({"access_token":"t","token_type":1,"expires_in":1800})", "no token_type text"},
    {"token: token_type missing", Call::token, R"({"access_token":"t","expires_in":1800})",
     "no token_type text"},
    {"token: access_token a number", Call::token,
     R"({"access_token":12345,"token_type":"Bearer","expires_in":1800})", "no access_token text"},
    {"token: access_token empty", Call::token,
     R"({"access_token":"","token_type":"Bearer","expires_in":1800})", "no access_token text"},
    {"token: a JSON list", Call::token, R"([{"access_token":"t"}])", "not a JSON object"},
    // the user record
    {"lookup: user_id a number", Call::lookup, R"({"user_id":42})", "no user_id text"},
    {"lookup: user_id empty", Call::lookup, R"({"user_id":""})", "no user_id text"},
    {"lookup: user_id null", Call::lookup, R"({"user_id":null,"user_name":"alice"})",
     "no user_id text"},
    {"lookup: user_id missing", Call::lookup, R"({"user_name":"alice"})", "no user_id text"},
    {"lookup: user_id of 512 KiB", Call::lookup,
     R"({"user_id":")" + std::string(512 * kKiB, '7') + R"("})",
     "user_id is longer than 256 bytes"},
    {"lookup: user_name a number", Call::lookup, R"({"user_id":"id-1","user_name":7})",
     "user_name is not text"},
    {"lookup: name a list", Call::lookup, user_with(R"(,"name":["Alice","Smith"])"),
     "name is not text"},
    {"lookup: mobile an object", Call::lookup, user_with(R"(,"mobile":{"cc":"+1"})"),
     "mobile is not text"},
    {"lookup: email true", Call::lookup, user_with(R"(,"email":true)"), "email is not text"},
    {"lookup: pwd_must_modify a string", Call::lookup, user_with(R"(,"pwd_must_modify":"true")"),
     "pwd_must_modify is not true or false"},
    {"lookup: locked 1", Call::lookup, user_with(R"(,"locked":1)"), "locked is not true or false"},
    {"lookup: pwd_change_at true", Call::lookup, user_with(R"(,"pwd_change_at":true)"),
     "pwd_change_at is neither text nor a number"},
    {"lookup: pwd_change_at an object", Call::lookup,
     user_with(R"(,"pwd_change_at":{"ms":1700000000000})"),
     "pwd_change_at is neither text nor a number"},
    {"lookup: pwd_change_at a fraction", Call::lookup, user_with(R"(,"pwd_change_at":1.5e12)"),
     "pwd_change_at is neither text nor a number"},
    // alice asked for, bob answered: a root reset would change bob's password
    {"lookup: the record of another user", Call::lookup, R"({"user_id":"id-2","user_name":"bob"})",
     "the record is of another user_name than the one asked for"},
    {"lookup: a name that only starts like it", Call::lookup,
     R"({"user_id":"id-2","user_name":"alice2"})",
     "the record is of another user_name than the one asked for"},
    {"lookup: a JSON string", Call::lookup, R"("id-1")", "not a JSON object"},
    {"lookup: null", Call::lookup, "null", "not a JSON object"},
    {"lookup: empty body", Call::lookup, "", kNotJson},
    {"lookup: trailing garbage", Call::lookup, user_with("") + "<html>", kNotJson},
    {"lookup: two JSON documents", Call::lookup, user_with("") + user_with(""), kNotJson},
    {"lookup: invalid UTF-8 in a string", Call::lookup, user_with(",\"name\":\"Al\xE9\""),
     kNotJson},
    {"lookup: overlong UTF-8 in a string", Call::lookup, user_with(",\"name\":\"\xC0\xAF\""),
     kNotJson},
    {"lookup: lone surrogate escape", Call::lookup, user_with(R"(,"name":"\ud800")"), kNotJson},
    {"lookup: raw control character in a string", Call::lookup, user_with(",\"name\":\"A\x1b[2J\""),
     kNotJson},
    {"lookup: NUL byte between fields", Call::lookup,
     std::string(R"({"user_id":"id-1",)") + '\0' + R"("name":"A"})", kNotJson},
    {"lookup: 1000 KiB of unclosed '['", Call::lookup,
     R"({"user_id":"id-1","x":)" + std::string(1000 * kKiB, '['), kNotJson},
    // the change answer
    {"change: 200 with user_id a number", Call::change, R"({"user_id":42})", "user_id is not text"},
    {"change: 200 with a JSON list", Call::change, R"(["ok"])", "not a JSON object"},
    {"change: 200 with trailing garbage", Call::change, R"({"user_id":"id-1"}})", kNotJson},
    // the login answer: its tokens are wiped unread, but one must be there
    {"login: empty session_token, no state_token", Call::login, R"({"session_token":""})",
     "neither session_token nor state_token"},
    {"login: both tokens null", Call::login, R"({"session_token":null,"state_token":null})",
     "neither session_token nor state_token"},
    {"login: session_token an object", Call::login, R"({"session_token":{"t":"x"}})",
     "session_token is not text"},
    {"login: state_token true", Call::login, R"({"state_token":true})", "state_token is not text"},
    {"login: a JSON string", Call::login, R"("session_token")", "not a JSON object"},
    {"login: trailing garbage", Call::login, R"({"session_token":"x"}<html>)", kNotJson},
    {"login: invalid UTF-8 in the token", Call::login, "{\"session_token\":\"\xC0\xAF\"}",
     kNotJson},
};

Outcome call(Client& c, Call what) {
  switch (what) {
    case Call::token:
      return c.ping().outcome;
    case Call::lookup:
      return c.find_user("alice").outcome;
    case Call::change:
      return c.change_password("id-1", "Old#Pass1234", "New#Pass5678");
    case Call::login:
      return c.login("alice", "Old#Pass1234", {}).outcome;
  }
  return {};
}

void answer_is_misconfigured(const AnswerRow& row) {
  std::vector<std::string> answers;
  if (row.call == Call::lookup || row.call == Call::change) answers.push_back(token_answer());
  answers.push_back(answer(200, row.body));
  const CannedServer server(answers);
  Client c = client_of(server);
  const Outcome outcome = call(c, row.call);
  expect(outcome, Status::misconfigured);
  expect_detail(outcome, undocumented(row.call, row.detail));
  // A change the tenant answered 200 was made, whatever the body says.
  assert_int_equal(outcome.maybe_applied, row.call == Call::change);
}

// ---- what is accepted ----------------------------------------------------------------

Reply<UserRecord> lookup_answered(const std::string& body) {
  const CannedServer server({token_answer(), answer(200, body)});
  Client c = client_of(server);
  return c.find_user("alice");
}

void expires_in_2_to_63_is_capped_at_a_day(void**) {
  const CannedServer server({answer(200, token_with(R"(,"expires_in":9223372036854775808)"))});
  const auto result = client_of(server).ping();
  expect(result.outcome, Status::ok);
  assert_int_equal(result.value->expires_in.count(), 86400);
}

void token_type_in_another_case_is_bearer(void**) {
  const CannedServer server({answer(200, R"({"access_token":"t","token_type":"BEARER",)"
                                         R"("expires_in":60})")});
  expect(client_of(server).ping().outcome, Status::ok);
}

void extra_fields_are_ignored(void**) {
  const auto result = lookup_answered(user_with(
      R"(,"name":"Alice","role":"admin","password":"leaked","nested":{"a":[1,{"b":null}]},)"
      R"("pwd_must_modify":false,"tags":[true,1.5,"x"])"));
  expect(result.outcome, Status::ok);
  assert_str_eq(result.value->user_id, "id-1");
  assert_str_eq(result.value->name, "Alice");
  assert_false(result.value->pwd_must_modify);
}

// nlohmann-json parses and frees with stacks of its own, not recursion: half
// a million levels inside an ignored field neither crash nor matter.
void deeply_nested_extra_field_is_ignored(void**) {
  const std::size_t depth = 500 * kKiB;
  const auto result =
      lookup_answered(user_with(R"(,"x":)" + std::string(depth, '[') + std::string(depth, ']')));
  expect(result.outcome, Status::ok);
  assert_str_eq(result.value->user_id, "id-1");
}

// Tenants match login names without regard to ASCII case; a record without a
// user_name cannot be compared and is taken as the answer.
void own_record_in_another_case_or_unnamed_is_accepted(void**) {
  for (const char* body : {R"({"user_id":"id-1","user_name":"ALICE"})", R"({"user_id":"id-1"})"}) {
    const auto result = lookup_answered(body);
    expect(result.outcome, Status::ok);
    assert_str_eq(result.value->user_id, "id-1");
  }
}

void byte_order_mark_is_skipped(void**) {
  const auto result = lookup_answered("\xEF\xBB\xBF" + user_with(""));
  expect(result.outcome, Status::ok);
  assert_str_eq(result.value->user_id, "id-1");
}

void user_id_of_256_bytes_is_accepted(void**) {
  const std::string id(256, '7');
  const auto result = lookup_answered(R"({"user_id":")" + id + R"("})");
  expect(result.outcome, Status::ok);
  assert_str_eq(result.value->user_id, id);
}

void pwd_change_at_of_any_integer_is_kept_as_text(void**) {
  const auto result = lookup_answered(user_with(R"(,"pwd_change_at":-9223372036854775808)"));
  expect(result.outcome, Status::ok);
  assert_str_eq(result.value->pwd_change_at, "-9223372036854775808");
}

// ---- business errors ----------------------------------------------------------------

Outcome change_refused_with(const std::string& body) {
  const CannedServer server({token_answer(), answer(400, body)});
  Client c = client_of(server);
  return c.change_password("id-1", "Old#Pass1234", "New#Pass5678");
}

void error_code_of_the_wrong_type(void**) {
  const Outcome outcome = change_refused_with(R"({"error_code":5,"error_msg":"no"})");
  expect(outcome, Status::misconfigured);
  expect_detail(outcome,
                "the tenant refused the password change (HTTP 400) without the documented "
                "error_code");
  assert_false(outcome.maybe_applied);
}

void error_msg_of_the_wrong_type(void**) {
  const Outcome outcome =
      change_refused_with(R"({"error_code":"PWD.0005","error_msg":{"en":"weak"}})");
  expect(outcome, Status::misconfigured);
  expect_detail(outcome,
                "the tenant refused the password change (HTTP 400) without the documented "
                "error_code");
}

// The code is shown to the user and logged: it must stay one short line.
void error_code_with_escapes_is_cleaned(void**) {
  const Outcome outcome =
      change_refused_with(R"({"error_code":"PWD.0010\u001b[2J\r\n)" + std::string(10 * kKiB, 'X') +
                          R"(","error_msg":"changed too recently"})");
  expect(outcome, Status::rejected);
  assert_false(outcome.rule.has_value());
  assert_true(outcome.code.starts_with("PWD.0010[2JXXX"));
  assert_int_equal(outcome.code.size(), 200);
  assert_str_eq(outcome.detail, "changed too recently");
}

void login_refusal_with_escapes_is_cleaned(void**) {
  const CannedServer server(
      {answer(400, R"({"error_code":"LOGIN.0003\u001b]0;owned\u0007","error_msg":"Locked\r\n)" +
                       std::string(10 * kKiB, 'Y') + R"("})")});
  Client c = client_of(server);
  const Outcome outcome = c.login("alice", "Old#Pass1234", {}).outcome;
  expect(outcome, Status::rejected);
  assert_false(outcome.rule.has_value());
  assert_str_eq(outcome.code, "LOGIN.0003]0;owned");
  assert_true(outcome.detail.starts_with("LockedYYY"));
  assert_int_equal(outcome.detail.size(), 200);
}

void error_code_quoting_the_password_is_redacted(void**) {
  const Outcome outcome =
      change_refused_with(R"({"error_code":"BAD New#Pass5678","error_msg":"no"})");
  expect(outcome, Status::rejected);
  assert_str_eq(outcome.code, "BAD ***");
}

}  // namespace

int main() {
  std::vector<CMUnitTest> tests;
  hostile::add_rows(tests, kRows, answer_is_misconfigured);
  hostile::add(tests, "token: expires_in 2^63 is capped at a day",
               expires_in_2_to_63_is_capped_at_a_day);
  hostile::add(tests, "token: token_type BEARER", token_type_in_another_case_is_bearer);
  hostile::add(tests, "lookup: extra fields are ignored", extra_fields_are_ignored);
  hostile::add(tests, "lookup: 500k levels of nesting in an extra field",
               deeply_nested_extra_field_is_ignored);
  hostile::add(tests, "lookup: byte order mark", byte_order_mark_is_skipped);
  hostile::add(tests, "lookup: own record in another case, or unnamed",
               own_record_in_another_case_or_unnamed_is_accepted);
  hostile::add(tests, "lookup: user_id of 256 bytes", user_id_of_256_bytes_is_accepted);
  hostile::add(tests, "lookup: pwd_change_at -2^63", pwd_change_at_of_any_integer_is_kept_as_text);
  hostile::add(tests, "change: error_code a number", error_code_of_the_wrong_type);
  hostile::add(tests, "change: error_msg an object", error_msg_of_the_wrong_type);
  hostile::add(tests, "change: error_code with escapes, 10 KiB",
               error_code_with_escapes_is_cleaned);
  hostile::add(tests, "login: code and message with escapes, 10 KiB",
               login_refusal_with_escapes_is_cleaned);
  hostile::add(tests, "change: error_code quoting the password",
               error_code_quoting_the_password_is_redacted);
  return hostile::run("hostile tenant answers", tests);
}
