// The built module as libpam sees it: dlopen finds the four entry points, and
// pam_end's dlclose cannot unload it. (pam/symbols.sh checks that nothing
// else is exported.)
#include <dlfcn.h>

#include "cmocka_cpp.h"

namespace {

void* open_module(int flags) { return dlopen(PAM_IDAAS_MODULE, flags); }

void the_entry_points_are_found(void**) {
  void* module = open_module(RTLD_NOW | RTLD_LOCAL);
  assert_non_null(module);
  assert_non_null(dlsym(module, "pam_sm_chauthtok"));
  assert_non_null(dlsym(module, "pam_sm_acct_mgmt"));
  assert_non_null(dlsym(module, "pam_sm_authenticate"));
  assert_non_null(dlsym(module, "pam_sm_setcred"));
  // Stack lines for other types fail cleanly in libpam (no symbol), rather
  // than running a half-made implementation.
  assert_null(dlsym(module, "pam_sm_open_session"));
  assert_null(dlsym(module, "pam_sm_close_session"));
  dlclose(module);
}

void pam_end_cannot_unload_it(void**) {
  void* module = open_module(RTLD_NOW | RTLD_LOCAL);
  assert_non_null(module);
  dlclose(module);
  // Linked -z nodelete: still mapped, so libcurl's process-wide state stays valid.
  void* again = open_module(RTLD_NOW | RTLD_NOLOAD);
  assert_non_null(again);
  dlclose(again);
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(the_entry_points_are_found),
      cmocka_unit_test(pam_end_cannot_unload_it),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
