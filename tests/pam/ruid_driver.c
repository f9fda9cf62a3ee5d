/*
 * ruid_driver: pam_chauthtok as a set-user-ID-root passwd runs it for an ordinary user, with the
 * real uid of that user and the effective uid 0.
 *
 *   ruid_driver RUID SERVICE USER [expired]
 *
 * Started as root (so that pam_wrapper can be preloaded: the loader ignores LD_PRELOAD in a
 * process whose real and effective uids differ at exec), it sets the real uid to RUID, keeps
 * the effective and saved uids 0, then runs pam_chauthtok with libpam_misc's conversation (the
 * answers on stdin, one a line), with PAM_CHANGE_EXPIRED_AUTHTOK if "expired" is given.
 * Prints "driver: RESULT" (pam_strerror's words) and exits 0 on PAM_SUCCESS, 1 otherwise.
 */
#define _GNU_SOURCE
#include <security/pam_appl.h>
#include <security/pam_misc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 4 && !(argc == 5 && strcmp(argv[4], "expired") == 0)) {
    fprintf(stderr, "usage: ruid_driver RUID SERVICE USER [expired]\n");
    return 2;
  }
  const uid_t ruid = (uid_t)strtoul(argv[1], NULL, 10);
  if (setresuid(ruid, 0, 0) != 0) {
    perror("driver: setresuid");
    return 2;
  }
  uid_t r, e, s;
  getresuid(&r, &e, &s);
  fprintf(stderr, "driver: uids real=%u effective=%u saved=%u\n", r, e, s);

  const struct pam_conv conv = {misc_conv, NULL};
  pam_handle_t *pamh = NULL;
  int rc = pam_start(argv[2], argv[3], &conv, &pamh);
  if (rc == PAM_SUCCESS) rc = pam_chauthtok(pamh, argc == 5 ? PAM_CHANGE_EXPIRED_AUTHTOK : 0);
  fprintf(
      stderr, "driver: %s\n",
      rc == PAM_SUCCESS ? "authentication token altered successfully." : pam_strerror(pamh, rc));
  pam_end(pamh, rc);
  return rc == PAM_SUCCESS ? 0 : 1;
}
