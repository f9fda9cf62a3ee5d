// The tenant client against the fake tenant (tests/fake_tenant): every
// endpoint, every error code the fake's policy reaches, tokens, and every
// fault on every endpoint (the printed lines are the fault table with times).
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "tenant_fixture.h"  // last: it ends with cmocka

using namespace tenant_test;
using pam_idaas::policy::Rule;

namespace {

// ---- the four endpoints ----------------------------------------------------------

void ping_obtains_a_token(void**) {
  const auto result = client()->ping();
  expect(result.outcome, Status::ok);
  assert_int_equal(result.value->expires_in.count(), 1800);
  assert_str_eq(result.value->token_type, "Bearer");
  const auto log = fake().requests();
  assert_int_equal(log.size(), 1);
  assert_str_eq(log[0].at("content_type").get<std::string>(), "application/x-www-form-urlencoded");
  assert_false(log[0].at("authorization_present").get<bool>());
  assert_str_eq(log[0].at("body").get<std::string>(),
                "grant_type=client_credentials&client_id=test-client&client_secret=test-secret");
}

void find_user_reads_every_field(void**) {
  auto c = client();
  const auto alice = c->find_user("alice");
  expect(alice.outcome, Status::ok);
  assert_str_eq(alice.value->user_id, kAliceId);
  assert_str_eq(alice.value->user_name, "alice");
  assert_str_eq(alice.value->name, "Alice Smith");
  assert_str_eq(alice.value->mobile, "+1 202-555-0143");
  assert_str_eq(alice.value->email, "alice.smith@example.com");
  assert_false(alice.value->pwd_must_modify || alice.value->disabled || alice.value->locked);
  assert_str_eq(alice.value->pwd_change_at,
                fake().user("alice").at("pwd_change_at").get<std::string>());
  const auto zhang = c->find_user("zhangsan");
  assert_str_eq(zhang.value->name, "张三");
  assert_str_eq(zhang.value->mobile, "+86 13800138000");
  assert_str_eq(zhang.value->email, "zhang.san@example.com");
  assert_true(c->find_user("bob").value->pwd_must_modify);
  assert_true(c->find_user("carol").value->disabled);
  const auto dave = c->find_user("dave");  // name, mobile, email are null
  assert_true(dave.value->locked);
  assert_true(dave.value->name.empty() && dave.value->mobile.empty() && dave.value->email.empty());
  const auto log = fake().requests();
  assert_str_eq(log[1].at("content_type").get<std::string>(), "application/json;charset=utf8");
  assert_true(log[1].at("authorization_present").get<bool>());
}

void unknown_user_is_rejected(void**) {
  const auto result = client()->find_user("nobody");
  expect(result.outcome, Status::rejected);
  assert_str_eq(result.outcome.code, "IDAAS.TENANT.USER.0001");
  assert_true(result.outcome.rule == Rule::user_not_found);
  assert_int_equal(result.outcome.http_status, 400);
  assert_false(result.value.has_value());
}

void verify_change_succeeds(void**) {
  auto c = client();
  expect(c->change_password(kAliceId, kAlicePassword, kNewPassword), Status::ok);
  assert_str_eq(fake_password("alice"), kNewPassword);
  const std::string bob_id = c->find_user("bob").value->user_id;
  expect(c->change_password(bob_id, "Initial#Set42", kNewPassword), Status::ok);
  assert_false(fake().user("bob").at("pwd_must_modify").get<bool>());
}

struct Refusal {
  const char* user_id;
  const char* old_password;
  const char* new_password;
  const char* code;
  Rule rule;
};

void expect_refusal(const Outcome& outcome, const Refusal& r) {
  expect(outcome, Status::rejected);
  if (outcome.code != r.code) print_message("%s: got %s\n", r.code, outcome.code.c_str());
  assert_str_eq(outcome.code, r.code);
  assert_true(outcome.rule == r.rule);
  assert_false(outcome.detail.empty() || outcome.maybe_applied);
  // Passwords shorter than 4 bytes are not redacted (answers::clean_message).
  const std::string_view password = r.new_password;
  assert_true(password.size() < 4 || outcome.detail.find(password) == std::string::npos);
}

// A user whose name is long enough to reach the username rules after the length rule.
std::string add_long_named_user() {
  return fake()
      .control("POST", "/_fake/users",
               {{"user_name", "Longname#2024"}, {"password", "Start#Pass2024"}})
      .at("user_id")
      .get<std::string>();
}

void every_verify_code_maps_to_its_rule(void**) {
  const std::string longname = add_long_named_user();
  const Refusal cases[] = {
      {kAliceId, kAlicePassword, "", "PWD.0001", Rule::empty},
      {kAliceId, kAlicePassword, "Ab1!", "PWD.0002", Rule::length},
      {longname.c_str(), "Start#Pass2024", "longname#2024", "PWD.0003", Rule::equals_username},
      {longname.c_str(), "Start#Pass2024", "4202#emangnoL", "PWD.0004", Rule::reversed_username},
      {kAliceId, kAlicePassword, "abcdefgh1", "PWD.0005", Rule::complexity},
      {kAliceId, kAlicePassword, "Password1", "PWD.0006", Rule::weak},
      {kAliceId, kAlicePassword, "Harbor!7735Kq", "PWD.0007", Rule::history},
      {kAliceId, kAlicePassword, "Baaaa#1234", "PWD.0008", Rule::repeats},
      {kAliceId, kAlicePassword, "Smith#2024x", "PWD.0009", Rule::personal_data},
      {kAliceId, "", kNewPassword, "PWD.0011", Rule::old_password_empty},
      {kAliceId, "Wrong#Guess99", kNewPassword, "PWD.0014", Rule::old_password_incorrect},
      {"no-such-id", kAlicePassword, kNewPassword, "USER.0001", Rule::user_not_found},
  };
  auto c = client();
  for (const Refusal& r : cases)
    expect_refusal(c->change_password(r.user_id, r.old_password, r.new_password), r);
  assert_str_eq(fake_password("alice"), kAlicePassword);
}

void admin_reset_sets_must_modify(void**) {
  auto c = client();
  expect(c->reset_password(kAliceId, kNewPassword, true), Status::ok);
  assert_str_eq(fake_password("alice"), kNewPassword);
  assert_true(fake().user("alice").at("pwd_must_modify").get<bool>());
  expect(c->reset_password(kAliceId, "Second#Value77", false), Status::ok);
  assert_false(fake().user("alice").at("pwd_must_modify").get<bool>());
  auto s = settings();
  s.must_modify_field = "pwd_must_modify";
  fake().clear_requests();
  expect(client(s)->reset_password(kAliceId, "Third#Value88", true), Status::ok);
  assert_true(fake().user("alice").at("pwd_must_modify").get<bool>());
  const auto body = nlohmann::json::parse(fake().requests().back().at("body").get<std::string>());
  assert_true(body.at("pwd_must_modify").get<bool>());
  assert_false(body.contains("must_modify"));
}

void every_admin_code_maps_to_its_rule(void**) {
  const std::string longname = add_long_named_user();
  const Refusal cases[] = {
      {kAliceId, "", "Harbor!7735Kq", "IDAAS.TENANT.PWD.0001", Rule::history},
      {longname.c_str(), "", "4202#emangnoL", "IDAAS.TENANT.PWD.0002", Rule::reversed_username},
      {kAliceId, "", "Alice#2024x", "IDAAS.TENANT.PWD.0003", Rule::personal_data},
      {longname.c_str(), "", "longname#2024", "IDAAS.TENANT.PWD.0003", Rule::personal_data},
      {kAliceId, "", "abcdefgh1", "IDAAS.TENANT.PWD.0004", Rule::complexity},
      {kAliceId, "", "P@ssw0rd", "IDAAS.TENANT.PWD.0005", Rule::weak},
      {kAliceId, "", "Baaaa#1234", "IDAAS.TENANT.PWD.0006", Rule::repeats},
      {kAliceId, "", "Ab1!", "IDAAS.TENANT.PWD.0007", Rule::length},
      {"no-such-id", "", kNewPassword, "IDAAS.TENANT.USER.0001", Rule::user_not_found},
  };
  auto c = client();
  for (const Refusal& r : cases)
    expect_refusal(c->reset_password(r.user_id, r.new_password, true), r);
  assert_str_eq(fake_password("alice"), kAlicePassword);
}

void user_id_is_one_encoded_path_segment(void**) {
  auto c = client();
  const auto odd = c->find_user("odd");
  assert_str_eq(odd.value->user_id, "id with/slash?&%é");
  expect(c->change_password(odd.value->user_id, "Spiral%Moon88", kNewPassword), Status::ok);
  assert_str_eq(fake_password("odd"), kNewPassword);
  const auto change = fake().requests().back();
  assert_str_eq(change.at("path").get<std::string>(),
                "/api/v2/tenant/users/id%20with%2Fslash%3F%26%25%C3%A9/change-password-verify");
  assert_str_eq(change.at("query").get<std::string>(), "");
}

// ---- tokens ---------------------------------------------------------------------

void token_is_cached(void**) {
  auto c = client();
  expect(c->ping().outcome, Status::ok);
  expect(c->find_user("alice").outcome, Status::ok);
  expect(c->change_password(kAliceId, kAlicePassword, kNewPassword), Status::ok);
  assert_int_equal(fake().count_requests("token"), 1);
}

void expired_token_is_renewed_once(void**) {
  auto c = client();
  expect(c->ping().outcome, Status::ok);
  fake().control("POST", "/_fake/expire-tokens");
  expect(c->find_user("alice").outcome, Status::ok);
  assert_int_equal(fake().count_requests("token"), 2);
  assert_int_equal(fake().count_requests("user"), 2);
}

void refused_fresh_token_is_misconfigured(void**) {
  fake().fault("user", "401", -1);
  const auto result = client()->find_user("alice");
  expect(result.outcome, Status::misconfigured);
  expect_contains(result.outcome.detail, "401");
  assert_int_equal(fake().count_requests("token"), 2);
  assert_int_equal(fake().count_requests("user"), 2);
}

void wrong_client_secret_is_misconfigured(void**) {
  Client c(settings(), Secret("not-the-secret"));
  const auto result = c.ping();
  expect(result.outcome, Status::misconfigured);
  expect_contains(result.outcome.detail, "client credentials");
  assert_true(result.outcome.detail.find("not-the-secret") == std::string::npos);
}

void short_lived_token_is_still_used(void**) {
  FakeTenant short_lived({"--token-lifetime", "30"});
  auto s = settings();
  s.base_url = short_lived.url();
  s.ca_file = short_lived.ca_file();
  auto c = client(s);
  const auto token = c->ping();
  assert_int_equal(token.value->expires_in.count(), 30);
  expect(c->find_user("alice").outcome, Status::ok);
  assert_int_equal(short_lived.count_requests("token"), 1);
}

// ---- faults ------------------------------------------------------------------------
// Each fault persists for the whole call (retries included); the lines printed
// here are the fault table of the closing notes.

struct FaultCase {
  const char* fault;
  Status expected;
  bool change_may_have_applied;  // for the two change endpoints
};

constexpr FaultCase kFaults[] = {
    {"500", Status::unavailable, true},          {"html", Status::unavailable, true},
    {"html200", Status::misconfigured, true},    {"malformed", Status::misconfigured, true},
    {"wrongtypes", Status::misconfigured, true}, {"slow", Status::unavailable, true},
    {"reset", Status::unavailable, true},        {"reset_before", Status::unavailable, true},
    {"401", Status::misconfigured, false},       {"403", Status::misconfigured, false},
    {"404", Status::misconfigured, false},       {"429", Status::unavailable, false},
    {"huge", Status::misconfigured, true},
};
constexpr unsigned kFaultBudgetMs = 1500;
constexpr int kSlowSeconds = 3;

Outcome call_endpoint(Client& c, std::string_view endpoint) {
  if (endpoint == "token") return c.ping().outcome;
  if (endpoint == "user") return c.find_user("alice").outcome;
  if (endpoint == "verify") return c.change_password(kAliceId, kAlicePassword, kNewPassword);
  return c.reset_password(kAliceId, kNewPassword, true);
}

void every_fault_on_every_endpoint(void**) {
  for (const std::string endpoint : {"token", "user", "verify", "change"}) {
    for (const FaultCase& f : kFaults) {
      fake().reset();
      const bool slow = std::string_view(f.fault) == "slow";
      fake().fault(endpoint, f.fault, -1, slow ? kSlowSeconds : 1);
      const auto start = std::chrono::steady_clock::now();
      const Outcome outcome = call_endpoint(*client(settings(kFaultBudgetMs)), endpoint);
      const long long ms = milliseconds_since(start);
      std::printf("fault %s on %s -> %s%s in %lld ms\n    %s\n", f.fault, endpoint.c_str(),
                  status_name(outcome.status), outcome.maybe_applied ? " (maybe applied)" : "", ms,
                  outcome.detail.c_str());
      expect(outcome, f.expected);
      const bool is_change = endpoint == "verify" || endpoint == "change";
      assert_int_equal(outcome.maybe_applied, is_change && f.change_may_have_applied);
      assert_true(ms <= kFaultBudgetMs + 1000);
      // The fake answers a slow request late and would act on the next test's state.
      if (slow) usleep(static_cast<useconds_t>((kSlowSeconds * 1000 + 300 - ms) * 1000));
    }
  }
}

void passing_failures_of_lookups_are_retried(void**) {
  fake().fault("user", "reset_before", 1);
  expect(client()->find_user("alice").outcome, Status::ok);
  assert_int_equal(fake().count_requests("user"), 2);
  fake().clear_requests();
  fake().fault("token", "500", 2);
  const auto start = std::chrono::steady_clock::now();
  expect(client()->ping().outcome, Status::ok);
  std::printf("fault 500 (twice) on token -> ok in %lld ms\n", milliseconds_since(start));
  assert_int_equal(fake().count_requests("token"), 3);
}

void change_that_may_have_arrived_is_not_resent(void**) {
  for (const std::string endpoint : {"verify", "change"}) {
    for (const char* fault : {"reset", "500"}) {
      fake().reset();
      fake().fault(endpoint, fault, 1);
      const Outcome outcome = call_endpoint(*client(), endpoint);
      expect(outcome, Status::unavailable);
      assert_true(outcome.maybe_applied);
      assert_int_equal(fake().count_requests(endpoint), 1);
      // "reset" acts and loses the answer; "500" does not act.
      assert_str_eq(fake_password("alice"),
                    std::string_view(fault) == "reset" ? kNewPassword : kAlicePassword);
    }
  }
}

void rate_limit_wait_is_honoured(void**) {
  fake().fault("verify", "429", 1, 1);
  const auto start = std::chrono::steady_clock::now();
  const Outcome outcome = client()->change_password(kAliceId, kAlicePassword, kNewPassword);
  const long long ms = milliseconds_since(start);
  std::printf("fault 429 (Retry-After 1, once) on verify -> %s in %lld ms\n",
              status_name(outcome.status), ms);
  expect(outcome, Status::ok);
  assert_true(ms >= 1000);
  assert_int_equal(fake().count_requests("verify"), 2);
  assert_str_eq(fake_password("alice"), kNewPassword);
}

void rate_limit_beyond_budget_is_unavailable(void**) {
  fake().fault("user", "429", -1, 5);
  const auto start = std::chrono::steady_clock::now();
  const auto result = client(settings(kFaultBudgetMs))->find_user("alice");
  const long long ms = milliseconds_since(start);
  std::printf("fault 429 (Retry-After 5) on user -> %s in %lld ms\n",
              status_name(result.outcome.status), ms);
  expect(result.outcome, Status::unavailable);
  assert_true(ms < 1000);  // no wait that cannot end in time
  assert_int_equal(fake().count_requests("user"), 1);
}

long max_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

void huge_answer_is_capped(void**) {
  const long before = max_rss_kib();
  fake().fault("user", "huge", 1);
  const auto result = client()->find_user("alice");
  expect(result.outcome, Status::misconfigured);
  expect_contains(result.outcome.detail, "larger than 1 MiB");
  assert_true(max_rss_kib() - before < 16 * 1024);
}

void secrets_stay_out_of_urls_and_details(void**) {
  auto c = client();
  std::vector<Outcome> outcomes = {
      c->find_user("alice").outcome,
      c->change_password(kAliceId, "Wrong#Guess99", kNewPassword),
      c->change_password(kAliceId, kAlicePassword, "Harbor!7735Kq"),
      c->change_password(kAliceId, kAlicePassword, kNewPassword),
      c->reset_password(kAliceId, kAlicePassword, true),
      c->reset_password(kAliceId, "Smith#2024x", true),
  };
  fake().fault("verify", "500", -1);
  outcomes.push_back(c->change_password(kAliceId, kAlicePassword, kNewPassword));
  outcomes.push_back(Client(settings(), Secret("Wrong-Secret-42")).ping().outcome);
  std::vector<std::string> secrets = {kAlicePassword,   kNewPassword,  "Wrong#Guess99",
                                      "Harbor!7735Kq",    "Smith#2024x", "test-secret",
                                      "Wrong-Secret-42"};
  const auto log = fake().requests();
  for (const auto& entry : log) {
    for (const auto& header : entry.at("headers")) {
      const std::string value = header.at(1).get<std::string>();
      if (value.starts_with("Bearer ")) secrets.push_back(value.substr(7));
    }
  }
  assert_true(secrets.size() > 7);
  for (const std::string& secret : secrets) {
    for (const auto& entry : log) {
      const std::string url =
          entry.at("path").get<std::string>() + "?" + entry.at("query").get<std::string>();
      assert_true(url.find(secret) == std::string::npos);
    }
    for (const Outcome& outcome : outcomes)
      assert_true(outcome.detail.find(secret) == std::string::npos);
  }
}

void exhausted_budget_sends_nothing(void**) {
  auto c = client(settings(0));
  const Outcome outcome = c->ping().outcome;
  expect(outcome, Status::unavailable);
  assert_int_equal(fake().requests().size(), 0);
}

}  // namespace

#define TENANT_TEST(name) cmocka_unit_test_setup(name, reset_fake)

int main() {
  const struct CMUnitTest tests[] = {
      TENANT_TEST(ping_obtains_a_token),
      TENANT_TEST(find_user_reads_every_field),
      TENANT_TEST(unknown_user_is_rejected),
      TENANT_TEST(verify_change_succeeds),
      TENANT_TEST(every_verify_code_maps_to_its_rule),
      TENANT_TEST(admin_reset_sets_must_modify),
      TENANT_TEST(every_admin_code_maps_to_its_rule),
      TENANT_TEST(user_id_is_one_encoded_path_segment),
      TENANT_TEST(token_is_cached),
      TENANT_TEST(expired_token_is_renewed_once),
      TENANT_TEST(refused_fresh_token_is_misconfigured),
      TENANT_TEST(wrong_client_secret_is_misconfigured),
      TENANT_TEST(short_lived_token_is_still_used),
      TENANT_TEST(every_fault_on_every_endpoint),
      TENANT_TEST(passing_failures_of_lookups_are_retried),
      TENANT_TEST(change_that_may_have_arrived_is_not_resent),
      TENANT_TEST(rate_limit_wait_is_honoured),
      TENANT_TEST(rate_limit_beyond_budget_is_unavailable),
      TENANT_TEST(huge_answer_is_capped),
      TENANT_TEST(secrets_stay_out_of_urls_and_details),
      TENANT_TEST(exhausted_budget_sends_nothing),
  };
  return cmocka_run_group_tests(tests, start_fake, stop_fake);
}
