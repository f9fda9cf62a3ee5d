/*
 * driver: the host process of tests/secrets/run.sh. It changes a password (or, with --auth,
 * logs in) through libpam as pamtester would, but leaves no copy of the passwords of its own, so
 * that whatever copy a core dump of it shows was left by the PAM stack (pam_idaas, libcurl, ...).
 *
 *   driver [--auth] [--keep-copy] [--expired] [--hold-handle] [--env-out FILE] SERVICE USER
 *
 * The answers come on stdin, one a line, read with read(2) a byte at a time (no stdio buffer
 * ever holds them); each is handed to libpam in a fresh malloc block (libpam wipes and frees
 * it) and the driver's own buffer is wiped with explicit_bzero. --keep-copy deliberately keeps
 * an unwiped copy of every answer on the heap: the negative control that proves the test's
 * core dump search finds a password that is there. --expired passes
 * PAM_CHANGE_EXPIRED_AUTHTOK. --auth calls pam_authenticate instead of pam_chauthtok.
 * --hold-handle waits before pam_end instead of after it, as su, login and display managers
 * keep the handle open for the whole session: the core dump then shows what the modules left
 * on the handle (pam_set_data) past the call.
 *
 * Prompts and messages go to stdout; "driver: RESULT" (pam_strerror's words, or "authenticated
 * successfully." after --auth) to stderr. After
 * pam_end it writes its environment as the process now holds it (environ, which setenv and
 * putenv change but /proc/PID/environ does not show) and the PAM environment of the handle
 * (pam_getenvlist, before pam_end) to FILE, prints "driver: waiting" on stderr and sleeps until
 * SIGTERM: the test takes its core dump in the meantime. Then it exits 0 if the change
 * succeeded, 1 otherwise.
 */
#define _GNU_SOURCE
#include <security/pam_appl.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ANSWER_MAX 4096
#define KEPT_MAX 16

extern char **environ;

static int keep_copy;
/* --keep-copy: never wiped, never freed; not static, so no optimiser drops the copies */
char *driver_kept[KEPT_MAX];
int driver_kept_count;

/* One line of stdin into `line` (without the newline). -1 at end of input. */
static int read_line(char *line, size_t size) {
  size_t n = 0;
  for (;;) {
    char c;
    ssize_t got = read(STDIN_FILENO, &c, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      line[n] = '\0';
      return n > 0 ? 0 : -1;
    }
    if (c == '\n') break;
    if (n + 1 < size) line[n++] = c;
  }
  line[n] = '\0';
  return 0;
}

static int answer(const struct pam_message *msg, struct pam_response *resp) {
  char line[ANSWER_MAX];
  fputs(msg->msg, stdout);
  fflush(stdout);
  if (read_line(line, sizeof line) != 0) {
    explicit_bzero(line, sizeof line);
    return PAM_CONV_ERR;
  }
  resp->resp = strdup(line);
  if (keep_copy && driver_kept_count < KEPT_MAX) driver_kept[driver_kept_count++] = strdup(line);
  explicit_bzero(line, sizeof line);
  return resp->resp == NULL ? PAM_BUF_ERR : PAM_SUCCESS;
}

static int converse(int n, const struct pam_message **msgs, struct pam_response **out,
                    void *data) {
  (void)data;
  struct pam_response *resp = calloc((size_t)n, sizeof *resp);
  if (resp == NULL) return PAM_BUF_ERR;
  int rc = PAM_SUCCESS;
  for (int i = 0; i < n && rc == PAM_SUCCESS; ++i) {
    switch (msgs[i]->msg_style) {
      case PAM_PROMPT_ECHO_OFF:
      case PAM_PROMPT_ECHO_ON:
        rc = answer(msgs[i], &resp[i]);
        break;
      case PAM_ERROR_MSG:
      case PAM_TEXT_INFO:
        printf("%s\n", msgs[i]->msg);
        fflush(stdout);
        break;
      default:
        rc = PAM_CONV_ERR;
    }
  }
  if (rc != PAM_SUCCESS) {
    for (int i = 0; i < n; ++i) {
      if (resp[i].resp == NULL) continue;
      explicit_bzero(resp[i].resp, strlen(resp[i].resp));
      free(resp[i].resp);
    }
    free(resp);
    return rc;
  }
  *out = resp;
  return PAM_SUCCESS;
}

/* The PAM environment of the handle, then the process environment, one "NAME=VALUE" a line. */
static void write_environments(const char *path, char **pam_env) {
  FILE *f = fopen(path, "w");
  if (f == NULL) {
    perror("driver: env-out");
    return;
  }
  for (char **e = pam_env; e != NULL && *e != NULL; ++e) fprintf(f, "pam: %s\n", *e);
  for (char **e = environ; *e != NULL; ++e) fprintf(f, "process: %s\n", *e);
  fclose(f);
}

static void free_env_list(char **list) {
  if (list == NULL) return;
  for (char **e = list; *e != NULL; ++e) {
    explicit_bzero(*e, strlen(*e));
    free(*e);
  }
  free(list);
}

static volatile sig_atomic_t stop_requested;
static void on_term(int signal_number) {
  (void)signal_number;
  stop_requested = 1;
}

static int usage(void) {
  fprintf(stderr,
          "usage: driver [--auth] [--keep-copy] [--expired] [--hold-handle] [--env-out FILE] "
          "SERVICE USER\n");
  return 2;
}

int main(int argc, char **argv) {
  int flags = 0;
  int authenticate = 0;
  int hold_handle = 0;
  const char *env_out = NULL;
  int i = 1;
  for (; i < argc && strncmp(argv[i], "--", 2) == 0; ++i) {
    if (strcmp(argv[i], "--auth") == 0) {
      authenticate = 1;
    } else if (strcmp(argv[i], "--keep-copy") == 0) {
      keep_copy = 1;
    } else if (strcmp(argv[i], "--hold-handle") == 0) {
      hold_handle = 1;
    } else if (strcmp(argv[i], "--expired") == 0) {
      flags |= PAM_CHANGE_EXPIRED_AUTHTOK;
    } else if (strcmp(argv[i], "--env-out") == 0 && i + 1 < argc) {
      env_out = argv[++i];
    } else {
      return usage();
    }
  }
  if (argc - i != 2) return usage();

  struct sigaction term = {.sa_handler = on_term};
  sigaction(SIGTERM, &term, NULL);

  const struct pam_conv conv = {converse, NULL};
  pam_handle_t *pamh = NULL;
  int rc = pam_start(argv[i], argv[i + 1], &conv, &pamh);
  if (rc == PAM_SUCCESS) rc = authenticate ? pam_authenticate(pamh, 0) : pam_chauthtok(pamh, flags);
  const char *success =
      authenticate ? "authenticated successfully." : "authentication token altered successfully.";
  fprintf(stderr, "driver: %s\n", rc == PAM_SUCCESS ? success : pam_strerror(pamh, rc));
  char **pam_env = pamh != NULL ? pam_getenvlist(pamh) : NULL;
  if (!hold_handle) pam_end(pamh, rc);
  if (env_out != NULL) write_environments(env_out, pam_env);
  free_env_list(pam_env);

  fprintf(stderr, "driver: waiting\n");
  while (!stop_requested) pause();
  if (hold_handle) pam_end(pamh, rc);
  /* A normal exit: pam_wrapper removes its runtime directory in its destructor. */
  return rc == PAM_SUCCESS ? 0 : 1;
}
