/*
 * pam_leaky.so: the negative control of the valgrind run of tests/pam/run.sh
 * (PAM_FLOWS_VALGRIND=1). A password module that loses a block (a definite leak), as a buggy
 * pam_idaas might: memcheck must report it, or a clean valgrind run would prove nothing.
 */
#include <security/pam_modules.h>

#include <stdlib.h>

static void *volatile kept; /* volatile: the allocation cannot be optimised away */

PAM_EXTERN int pam_sm_chauthtok(pam_handle_t *pamh, int flags, int argc, const char **argv) {
  (void)pamh;
  (void)flags;
  (void)argc;
  (void)argv;
  kept = malloc(64);
  kept = NULL; /* the only pointer to it is gone: definitely lost (once per pass) */
  return PAM_SUCCESS;
}
