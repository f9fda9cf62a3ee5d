// Hostile passwords: bytes that are not UTF-8, NUL and other control
// characters, and 1 MiB of input. The policy engine must refuse each with the
// catalogue's rule and message; the change flow must show that message, send
// nothing to the tenant, leave nothing for pam_unix and log no password.
#include <string>
#include <vector>

#include "flow_fakes.h"
#include "pam_module/change.h"
#include "pam_module/notices.h"
#include "policy_fixtures.h"

#include "hostile_cases.h"  // last: it ends with cmocka

namespace {

using namespace flow_fakes;
using namespace pam_idaas::policy;
using hostile::contains;
using hostile::expect_contains;
using hostile::repeat;

constexpr std::size_t kMiB = 1024 * 1024;

// Every hostile password of this file contains this, so that a log line
// quoting any part of one is easy to find.
constexpr std::string_view kMarker = "Zebra";

// "Zebra-42-", the hostile part from byte 10 on, then "x".
std::string pw(std::string_view hostile_part) {
  return std::string(kMarker) + "-42-" + std::string(hostile_part) + "x";
}

struct PasswordRow {
  const char* name;
  std::string password;
  Rule rule;
  std::string message;  // the English message, parameters filled in
};

// ---- the policy engine ------------------------------------------------------------

Verdict check(std::string_view password) {
  auto s = no_rules();
  s.length = {8, 64};
  s.complexity.min_classes = 3;  // an analysis that would run if decoding went on
  s.max_consecutive_repeats = 3;
  return Policy(s).check(password, {"alice", "Alice Smith", "13800138000", "alice@example.com"});
}

std::string not_utf8_at(unsigned byte) {
  return "Password is not valid UTF-8 text (invalid byte sequence at byte " + std::to_string(byte) +
         ")";
}
const std::string kControl = "Password cannot contain control characters";
const std::string kTooLong = "Password is longer than 4096 bytes and cannot be checked";

const std::vector<PasswordRow> kPolicyRows = {
    {"policy: lone continuation byte", pw("\x80-"), Rule::invalid_utf8, not_utf8_at(10)},
    {"policy: continuation byte first", "\xBF" + pw(""), Rule::invalid_utf8, not_utf8_at(1)},
    {"policy: overlong 2-byte '/'", pw("\xC0\xAF"), Rule::invalid_utf8, not_utf8_at(10)},
    {"policy: overlong 3-byte NUL", pw("\xE0\x80\x80"), Rule::invalid_utf8, not_utf8_at(10)},
    {"policy: overlong 4-byte 'A'", pw("\xF0\x80\x81\x81"), Rule::invalid_utf8, not_utf8_at(10)},
    {"policy: UTF-16 high surrogate", pw("\xED\xA0\x80"), Rule::invalid_utf8, not_utf8_at(10)},
    {"policy: UTF-16 low surrogate", pw("\xED\xBF\xBF"), Rule::invalid_utf8, not_utf8_at(10)},
    {"policy: CESU-8 surrogate pair", pw("\xED\xA0\xBD\xED\xB8\x80"), Rule::invalid_utf8,
     not_utf8_at(10)},
    {"policy: truncated sequence at the end", std::string(kMarker) + "-42-\xE5\xAF",
     Rule::invalid_utf8, not_utf8_at(10)},
    {"policy: truncated sequence mid-text", pw("\xF0\x9F\x98-"), Rule::invalid_utf8,
     not_utf8_at(10)},
    {"policy: code point above U+10FFFF", pw("\xF4\x90\x80\x80"), Rule::invalid_utf8,
     not_utf8_at(10)},
    {"policy: bytes 0xFE 0xFF", pw("\xFE\xFF"), Rule::invalid_utf8, not_utf8_at(10)},
    {"policy: Latin-1 text", "Zebra-42-Passw\xF6rt", Rule::invalid_utf8, not_utf8_at(15)},
    {"policy: NUL inside", pw(std::string("\0-", 2)), Rule::control_characters, kControl},
    {"policy: only NULs", std::string(12, '\0'), Rule::control_characters, kControl},
    {"policy: terminal escape sequence", pw("\x1b[2J\x1b]0;owned\x07"), Rule::control_characters,
     kControl},
    {"policy: CR LF", pw("\r\n"), Rule::control_characters, kControl},
    {"policy: DEL", pw("\x7f"), Rule::control_characters, kControl},
    {"policy: C1 CSI (U+009B)", pw("\xC2\x9B"), Rule::control_characters, kControl},
    {"policy: 1 MiB of ASCII", repeat("Zebra-42!", kMiB / 9 + 1), Rule::too_long, kTooLong},
    {"policy: 1 MiB of bytes that are not UTF-8", std::string(kMiB, '\xFF'), Rule::too_long,
     kTooLong},
    {"policy: 1 MiB of NULs", std::string(kMiB, '\0'), Rule::too_long, kTooLong},
    {"policy: 4097 bytes, one past the cap", repeat("密", 1365) + "ab", Rule::too_long, kTooLong},
};

// The row's rule with its message. Input that cannot be analysed (not UTF-8,
// over the cap, control characters) ends the check: it is then the only violation.
void policy_refuses(const PasswordRow& row) {
  const Verdict verdict = check(row.password);
  const Violation* found = nullptr;
  for (const auto& v : verdict.violations) {
    if (v.rule == row.rule) found = &v;
  }
  if (found == nullptr) print_message("no %s violation\n", info(row.rule).id.data());
  assert_non_null(found);
  assert_str_eq(message(*found, Language::en), row.message);
  assert_int_equal(verdict.violations.size(), 1);  // refused before analysis: nothing else
}

void invalid_utf8_message_in_chinese(void**) {
  const Verdict verdict = check(pw("\x80"));
  assert_str_eq(message(verdict.violations.at(0), Language::zh),
                "密码不是有效的UTF-8文本（第10字节处的字节序列无效）");
  assert_str_eq(info(Rule::invalid_utf8).verify_code, "IDAAS.LOCAL.0001");
}

// The cap counts bytes: 4096 bytes of three-byte characters are analysed
// (and fail the length rule), one byte more is not.
void exactly_at_the_cap_is_analysed(void**) {
  const std::string at_cap = repeat("密", 1365) + "a";  // 4096 bytes, 1366 code points
  const Verdict verdict = check(at_cap);
  assert_false(verdict.has(Rule::too_long));
  assert_true(verdict.has(Rule::length));
  assert_str_eq(message(verdict.violations.at(0), Language::en),
                "Password length must be 8~64 characters");
}

// ---- the change flow ----------------------------------------------------------------

constexpr const char* kGood = "Quiet-River-58";

using World = ChangeWorld;

// Neither the syslog lines nor the messages to the user quote a password:
// no line holds the marker, and none is long enough to hold 1 MiB of one.
void nothing_quotes_the_password(const World& w) {
  for (const auto* lines : {&w.host.logs, &w.host.errors, &w.host.infos}) {
    for (const std::string& line : *lines) {
      if (contains(line, kMarker)) print_message("quotes the password: %s\n", line.c_str());
      assert_false(contains(line, kMarker));
      assert_true(line.size() < 400);
    }
  }
}

bool logged(const World& w, std::string_view part) {
  for (const auto& line : w.host.logs) {
    if (contains(line, part)) return true;
  }
  return false;
}

// The refusal the user sees: "CODE: message", nothing sent, nothing kept.
void flow_refused(const World& w, Result result, const PasswordRow& row) {
  assert_int_equal(result, Result::authtok_error);
  expect_contains(w.host.all_errors(),
                  std::string(info(row.rule).verify_code) + ": " + row.message);
  assert_true(w.tenant.calls.empty());
  assert_false(w.host.new_item.has_value());  // nothing for pam_unix use_authtok to write
  assert_true(logged(w, "refused by the local policy: " + std::string(info(row.rule).id)));
  nothing_quotes_the_password(w);
}

const std::vector<PasswordRow> kFlowRows = {
    {"flow: lone continuation byte", pw("\x80-"), Rule::invalid_utf8, not_utf8_at(10)},
    {"flow: overlong '/'", pw("\xC0\xAF"), Rule::invalid_utf8, not_utf8_at(10)},
    {"flow: surrogate", pw("\xED\xA0\x80"), Rule::invalid_utf8, not_utf8_at(10)},
    {"flow: truncated sequence", std::string(kMarker) + "-42-\xE5\xAF", Rule::invalid_utf8,
     not_utf8_at(10)},
    {"flow: NUL inside", pw(std::string("\0-", 2)), Rule::control_characters, kControl},
    {"flow: terminal escape sequence", pw("\x1b[2J"), Rule::control_characters, kControl},
    {"flow: 1 MiB password", repeat("Zebra-42!", kMiB / 9 + 1), Rule::too_long, kTooLong},
};

void user_change_refuses(const PasswordRow& row) {
  World w;
  w.type({kAliceOld, row.password});
  flow_refused(w, w.run(), row);
}

// Root's reset shows the admin code family; these rules have only a local code.
void root_reset_refuses_invalid_utf8(void**) {
  World w;
  w.caller = {true, false};
  const std::string password = pw("\xC0\xAF");
  w.type({password});
  flow_refused(w, w.run(), {"", password, Rule::invalid_utf8, not_utf8_at(10)});
}

// A reset told to skip the policy still sends no password JSON cannot carry:
// it is refused here, before the retype, and nothing reaches the tenant.
void root_reset_without_the_policy_refuses_invalid_utf8(void**) {
  World w(std::string(kChangeConfig) + "password:\n  enforce_for_root: false\n");
  w.caller = {true, false};
  w.type({pw("\xC0\xAF")});
  assert_int_equal(w.run(), Result::authtok_error);
  assert_true(w.host.errors == std::vector<std::string>{"IDAAS.LOCAL.0001: " + not_utf8_at(10)});
  assert_true(w.tenant.calls.empty());
  assert_false(w.host.new_item.has_value());
  assert_true(logged(w, "is not valid UTF-8 text; not sent to the tenant"));
  nothing_quotes_the_password(w);
}

void policy_only_mode_refuses_control_characters(void**) {
  World w("policy:\n  history:\n    file: @DIR@/history\n");
  w.type({pw("\x1b[2J")});
  flow_refused(w, w.run(), {"", "", Rule::control_characters, kControl});
  assert_int_equal(w.connections, 0);
}

// A hostile attempt costs one try; the next good one is the only one sent.
void retry_after_a_hostile_password_sends_only_the_good_one(void**) {
  World w;
  w.args.retry = 3;
  w.type({kAliceOld, std::string(kMiB, '\xFF'), pw(std::string("\0", 1)), kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  expect_contains(w.host.all_errors(), "IDAAS.LOCAL.0002: " + kTooLong);
  expect_contains(w.host.all_errors(), "IDAAS.LOCAL.0003: " + kControl);
  assert_int_equal(w.tenant.calls.size(), 1);
  assert_str_eq(w.tenant.calls[0].new_password, kGood);
  nothing_quotes_the_password(w);
}

// The history store never sees a refused password, only the one the tenant took.
void refused_password_is_not_recorded(void**) {
  World w;
  w.args.retry = 2;
  const std::string refused = pw("\x01");
  w.type({kAliceOld, refused, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  const PasswordHistory history(w.state.setup.config.policy.history);
  assert_true(history.contains("alice", kGood));
  assert_false(history.contains("alice", refused));
}

// libcrypt refuses passphrases of 512 bytes and more. For a user with a history
// entry such a password gets the length verdict (not "configuration unusable"),
// and where the policy allows it, it is changed and recorded like any other.
void passwords_of_512_bytes_and_more_meet_the_history_like_others(void**) {
  World w;
  w.args.retry = 2;
  const auto loaded = pam_idaas::config::load_file(w.args.config_path);
  assert_true(loaded.ok());
  PasswordHistory(loaded.config.policy.history).record("alice", "Harbor!7735Kq");
  w.type({kAliceOld, repeat("Ab3-", 150), kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  expect_contains(w.host.all_errors(), "PWD.0002");
  assert_false(contains(w.host.all_errors(),
                        text(Notice::config_unusable, pam_idaas::policy::Language::en)));

  World roomy(std::string("policy:\n  length: {min: 8, max: 1000}\n") +
              std::string(kChangeConfig).substr(std::string("policy:\n").size()));
  // 600 bytes that repeat no block (a repeated one is weak): Ab0-Ab1-...
  std::string passphrase;
  for (int i = 0; passphrase.size() < 600; ++i) passphrase += "Ab" + std::to_string(i) + "-";
  roomy.type({kAliceOld, passphrase, passphrase});
  assert_int_equal(roomy.run(), Result::success);
  assert_str_eq(roomy.tenant.users["alice"].password, passphrase);
  assert_true(
      PasswordHistory(roomy.state.setup.config.policy.history).contains("alice", passphrase));
}

// The tenant's passwords are JSON text: a current password that is not UTF-8
// cannot be one of them, and change-password-verify could not carry it.
void old_password_not_utf8_is_refused_before_the_tenant(void**) {
  World w;
  w.args.retry = 3;
  w.type({pw("\xC3\x28"), kGood, kGood});
  assert_int_equal(w.run(), Result::recovery_error);
  expect_contains(w.host.all_errors(), "IDAAS.LOCAL.0001: " + not_utf8_at(10));
  assert_true(w.tenant.calls.empty());
  const std::vector<std::string> asked{"old"};  // no new password is asked for
  assert_true(w.host.prompts == asked);
  assert_true(logged(w, "current password of alice is not valid UTF-8"));
  nothing_quotes_the_password(w);
}

// With the admin endpoint the current password only meets the local hash,
// which may well be of Latin-1 bytes: it is not refused for its encoding.
void old_password_not_utf8_is_fine_for_the_local_hash(void**) {
  World w(std::string(kChangeConfig) + "  change_endpoint: admin\n");
  const std::string latin1_old = "Passw\xF6rt-2024";
  w.accounts.shadow["alice"] = latin1_old;
  w.type({latin1_old, kGood, kGood});
  assert_int_equal(w.run(), Result::success);
  assert_int_equal(w.tenant.calls.size(), 1);
  assert_str_eq(w.tenant.calls[0].endpoint, "change-password");
}

}  // namespace

int main() {
  std::vector<CMUnitTest> tests;
  hostile::add_rows(tests, kPolicyRows, policy_refuses);
  hostile::add(tests, "policy: invalid UTF-8 message in Chinese", invalid_utf8_message_in_chinese);
  hostile::add(tests, "policy: 4096 bytes, exactly at the cap", exactly_at_the_cap_is_analysed);
  hostile::add_rows(tests, kFlowRows, user_change_refuses);
  hostile::add(tests, "flow: root reset, invalid UTF-8", root_reset_refuses_invalid_utf8);
  hostile::add(tests, "flow: root reset without the policy, invalid UTF-8",
               root_reset_without_the_policy_refuses_invalid_utf8);
  hostile::add(tests, "flow: policy-only mode, control characters",
               policy_only_mode_refuses_control_characters);
  hostile::add(tests, "flow: retry after hostile passwords",
               retry_after_a_hostile_password_sends_only_the_good_one);
  hostile::add(tests, "flow: refused password never reaches the history",
               refused_password_is_not_recorded);
  hostile::add(tests, "flow: 512 bytes and more, with a history entry",
               passwords_of_512_bytes_and_more_meet_the_history_like_others);
  hostile::add(tests, "flow: current password not UTF-8 (verify endpoint)",
               old_password_not_utf8_is_refused_before_the_tenant);
  hostile::add(tests, "flow: current password not UTF-8 (admin endpoint, local hash)",
               old_password_not_utf8_is_fine_for_the_local_hash);
  return hostile::run("hostile passwords", tests);
}
