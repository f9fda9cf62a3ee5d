/*
 * pam_test_store.so: the fake local password store of tests/pam/run.sh.
 *
 * It stands where pam_unix.so stands in the README's stack ("use_authtok"): it never prompts,
 * it stores the PAM_AUTHTOK that the module above it left in the handle. pam_wrapper's
 * pam_matrix.so cannot play that part: its chauthtok always prompts by itself ("Old password: ",
 * "New Password :", "Verify New Password :") and ignores the tokens already in the handle, so
 * its passdb would only ever hold what the test typed to it.
 *
 *   password required /path/pam_test_store.so passdb=FILE log=FILE
 *
 * passdb: "user:password" lines. Preliminary pass: PAM_USER_UNKNOWN if the user has no line.
 * Update pass: PAM_AUTHTOK_ERR if no PAM_AUTHTOK was set (as pam_unix use_authtok), else the
 * user's line is replaced (temporary file + rename). Every call appends to the log one line
 * "PHASE user=U old=OLDAUTHTOK|- new=AUTHTOK|-" so the test sees what the module handed on.
 * Test-only: it writes passwords in clear text into the test's temporary directory. It leaves
 * no copy of them in its process, though: tests/secrets searches a core dump of the process for
 * them, and a copy of the store's would hide whether the module left one. Every stream uses a
 * buffer of ours, wiped after fclose, and every line buffer is wiped.
 */
#include <security/pam_modules.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES 4096

struct args {
  const char *passdb;
  const char *log;
};

/* A stream whose buffer is `buffer` (BUFSIZ bytes), not one that stdio frees unwiped. */
static FILE *open_wiped(const char *path, const char *mode, char *buffer) {
  FILE *f = fopen(path, mode);
  if (f != NULL) setvbuf(f, buffer, _IOFBF, BUFSIZ);
  return f;
}

static int close_wiped(FILE *f, char *buffer) {
  int rc = fclose(f);
  explicit_bzero(buffer, BUFSIZ);
  return rc;
}

static void parse_args(int argc, const char **argv, struct args *a) {
  a->passdb = NULL;
  a->log = NULL;
  for (int i = 0; i < argc; ++i) {
    if (strncmp(argv[i], "passdb=", 7) == 0) a->passdb = argv[i] + 7;
    if (strncmp(argv[i], "log=", 4) == 0) a->log = argv[i] + 4;
  }
}

static const char *item(pam_handle_t *pamh, int type) {
  const void *value = NULL;
  if (pam_get_item(pamh, type, &value) != PAM_SUCCESS) return NULL;
  return value;
}

static void log_call(const struct args *a, const char *phase, pam_handle_t *pamh) {
  if (a->log == NULL) return;
  char buffer[BUFSIZ];
  FILE *f = open_wiped(a->log, "a", buffer);
  if (f == NULL) return;
  const char *user = item(pamh, PAM_USER);
  const char *old = item(pamh, PAM_OLDAUTHTOK);
  const char *new = item(pamh, PAM_AUTHTOK);
  fprintf(f, "%s user=%s old=%s new=%s\n", phase, user ? user : "-", old ? old : "-",
          new ? new : "-");
  close_wiped(f, buffer);
}

/* 1 if the line "user:..." is the user's. */
static int is_users_line(const char *line, const char *user) {
  size_t n = strlen(user);
  return strncmp(line, user, n) == 0 && line[n] == ':';
}

static int user_known(const char *passdb, const char *user) {
  char buffer[BUFSIZ];
  FILE *f = open_wiped(passdb, "r", buffer);
  if (f == NULL) return 0;
  char line[LINE_MAX_BYTES];
  int found = 0;
  while (!found && fgets(line, sizeof line, f) != NULL) found = is_users_line(line, user);
  close_wiped(f, buffer);
  explicit_bzero(line, sizeof line);
  return found;
}

static int store(const char *passdb, const char *user, const char *password) {
  char tmp[LINE_MAX_BYTES];
  if (snprintf(tmp, sizeof tmp, "%s.new", passdb) >= (int)sizeof tmp) return PAM_SYSTEM_ERR;
  char in_buffer[BUFSIZ], out_buffer[BUFSIZ];
  FILE *in = open_wiped(passdb, "r", in_buffer);
  FILE *out = open_wiped(tmp, "w", out_buffer);
  if (in == NULL || out == NULL) {
    if (in) close_wiped(in, in_buffer);
    if (out) close_wiped(out, out_buffer);
    return PAM_AUTHTOK_ERR;
  }
  char line[LINE_MAX_BYTES];
  while (fgets(line, sizeof line, in) != NULL) {
    if (is_users_line(line, user))
      fprintf(out, "%s:%s\n", user, password);
    else
      fputs(line, out);
  }
  explicit_bzero(line, sizeof line);
  close_wiped(in, in_buffer);
  if (close_wiped(out, out_buffer) != 0 || rename(tmp, passdb) != 0) return PAM_AUTHTOK_ERR;
  return PAM_SUCCESS;
}

PAM_EXTERN int pam_sm_chauthtok(pam_handle_t *pamh, int flags, int argc, const char **argv) {
  struct args a;
  parse_args(argc, argv, &a);
  const char *user = item(pamh, PAM_USER);
  if (a.passdb == NULL || user == NULL) return PAM_SERVICE_ERR;
  if (flags & PAM_PRELIM_CHECK) {
    log_call(&a, "prelim", pamh);
    return user_known(a.passdb, user) ? PAM_SUCCESS : PAM_USER_UNKNOWN;
  }
  log_call(&a, "update", pamh);
  const char *password = item(pamh, PAM_AUTHTOK);
  if (password == NULL) return PAM_AUTHTOK_ERR;
  return store(a.passdb, user, password);
}
