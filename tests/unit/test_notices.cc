// The module's own messages: every one complete in Simplified Chinese.
#include "pam_module/notices.h"
#include "translations.h"

#include "cmocka_cpp.h"  // last: its macros clash with the C++ library

namespace {

using pam_idaas::module::Notice;
using pam_idaas::module::notices;
using pam_idaas::policy::Language;

void every_notice_is_translated(void**) {
  for (const auto& n : notices()) {
    assert_true(translations::complete(n.en, n.zh));
    assert_true(pam_idaas::module::text(n.notice, Language::zh) == n.zh);
    assert_true(pam_idaas::module::text(n.notice, Language::en) == n.en);
  }
  assert_int_equal(notices().size(), static_cast<int>(Notice::press_enter) + 1);
}

void the_completeness_check_can_fail(void**) {
  assert_false(translations::complete("Try again later.", "Try again later."));
  assert_false(translations::complete("{0} left", "还剩"));
  assert_false(translations::complete("left", ""));
  assert_true(translations::complete("{0} left", "还剩{0}"));
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(every_notice_is_translated),
      cmocka_unit_test(the_completeness_check_can_fail),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
