// The module's small parts: pam.d arguments, and text from outside made
// printable for logs and terminals.
#include <string>
#include <vector>

#include "pam_module/arguments.h"
#include "pam_module/printable.h"

#include "cmocka_cpp.h"  // last: its macros clash with the C++ library

namespace {

using pam_idaas::module::Arguments;
using pam_idaas::module::on_error_argument;
using pam_idaas::module::OnError;
using pam_idaas::module::parse_arguments;
using pam_idaas::module::printable;

Arguments parse(std::vector<const char*> argv) { return parse_arguments(argv); }

void defaults(void**) {
  const Arguments a = parse({});
  assert_str_eq(a.config_path, PAM_IDAAS_CONFIG_FILE);
  assert_int_equal(a.retry, 1);
  assert_false(a.debug);
  assert_false(a.use_authtok);
  assert_int_equal(a.on_error, OnError::ignore);
  assert_true(a.problems.empty());
}

void every_argument(void**) {
  const Arguments a =
      parse({"config=/etc/other.yaml", "debug", "retry=3", "use_authtok", "use_first_pass",
             "try_first_pass", "authtok_type=IDaaS", "ask_for_all"});
  assert_str_eq(a.config_path, "/etc/other.yaml");
  assert_int_equal(a.retry, 3);
  assert_true(a.debug);
  assert_true(a.use_authtok);
  assert_true(a.ask_for_all);
  assert_true(a.problems.empty());  // the *_pass and authtok_type ones are libpam's
}

void bad_arguments_are_reported_and_ignored(void**) {
  const Arguments a =
      parse({"config=relative.yaml", "retry=0", "retry=11", "retry=2x", "retyr=3", nullptr});
  assert_str_eq(a.config_path, PAM_IDAAS_CONFIG_FILE);
  assert_int_equal(a.retry, 1);
  assert_int_equal(a.problems.size(), 5);
  assert_true(a.problems[0].find("absolute path") != std::string::npos);
  assert_true(a.problems[4].find("unknown argument \"retyr=3\"") != std::string::npos);
}

// The stack line's answer to an unusable configuration (issue 18, item 10). A value other
// than deny or ignore denies: whoever wrote on_error= did not mean the fail-open default.
void on_error_is_read_the_same_by_both_parsers(void**) {
  const std::vector<std::vector<const char*>> lines = {
      {},
      {"on_error=deny"},
      {"on_error=ignore"},
      {"on_error=deny", "on_error=ignore"},
      {"on_error=ignore", "on_error=dney"},
      {"on_error="},
      {"debug", nullptr, "on_error=deny"},
  };
  const OnError expected[] = {OnError::ignore, OnError::deny,  OnError::ignore, OnError::ignore,
                              OnError::deny,   OnError::deny,  OnError::deny};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    assert_int_equal(parse(lines[i]).on_error, expected[i]);
    assert_int_equal(on_error_argument(lines[i]), expected[i]);
  }
  const Arguments typo = parse({"on_error=dney"});
  assert_int_equal(typo.problems.size(), 1);
  assert_true(typo.problems[0].find("on_error= takes deny or ignore") != std::string::npos);
  assert_true(parse({"on_error=deny"}).problems.empty());
}

void printable_replaces_control_bytes_and_cuts(void**) {
  assert_str_eq(printable("alice"), "alice");
  assert_str_eq(printable("张三"), "张三");
  assert_str_eq(printable(std::string("a\nb\x1b[2J\x7f\0c", 10)), "a?b?[2J??c");
  const std::string longer(1000, 'x');
  const std::string cut = printable(longer);
  assert_int_equal(cut.size(), 256 + 3);
  assert_true(cut.ends_with("..."));
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(defaults),
      cmocka_unit_test(every_argument),
      cmocka_unit_test(bad_arguments_are_reported_and_ignored),
      cmocka_unit_test(on_error_is_read_the_same_by_both_parsers),
      cmocka_unit_test(printable_replaces_control_bytes_and_cuts),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
