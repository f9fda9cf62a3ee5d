/*
 * pam_call_driver: COUNT whole PAM calls in one process, each its own handle
 * (pam_start, the operation, pam_end), as COUNT logins or passwd runs would make
 * them; prints one line per call: "call N MICROSECONDS RESULT VMRSS_KIB", after a
 * line "start VMRSS_KIB" taken before the first pam_start (libpam linked, no
 * module loaded yet), and a last line "libcurl 0|1": whether the calls left
 * libcurl mapped in the process (the module loads its tenant client, and
 * libcurl with it, only for a call that needs the tenant).
 *
 *   pam_call_driver SERVICE USER acct_mgmt|chauthtok COUNT [RUID [PASSWORDS]]
 *
 * RUID: the real uid to run with (effective uid 0), as a set-user-ID passwd started
 * by that user; the module then asks for the current password. PASSWORDS: a file of
 * one password a line, the first the user's current one: call N changes line N to
 * line N+1 (answers: current, new, retype). Started as root, so that pam_wrapper
 * can be preloaded.
 */
#define _GNU_SOURCE
#include <security/pam_appl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { kMaxPasswords = 4096 };

static char *passwords[kMaxPasswords];
static int password_count;
static int call_index;  /* the call in progress */
static int answer_index; /* answers given in this call */

/* A field of /proc/self/status in KiB: VmRSS, RssAnon (the process's own memory), RssFile
 * (pages of mapped files, the libraries' code among them, shared with every process that maps
 * them). */
static long status_kib(const char *field) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kib = -1;
  const size_t n = strlen(field);
  while (f && fgets(line, sizeof line, f)) {
    if (strncmp(line, field, n) == 0 && line[n] == ':') kib = strtol(line + n + 1, NULL, 10);
  }
  if (f) fclose(f);
  return kib;
}

static void print_memory(void) {
  printf("%ld %ld %ld", status_kib("VmRSS"), status_kib("RssAnon"), status_kib("RssFile"));
}

/* The current password, then the new one twice: the prompts of a self-service change. */
static const char *next_answer(void) {
  const int step = answer_index++;
  const int line = call_index + (step == 0 ? 0 : 1);
  return line < password_count ? passwords[line] : "";
}

static int converse(int n, const struct pam_message **msg, struct pam_response **resp,
                    void *data) {
  (void)data;
  struct pam_response *r = calloc((size_t)n, sizeof *r);
  if (r == NULL) return PAM_BUF_ERR;
  for (int i = 0; i < n; ++i) {
    if (msg[i]->msg_style == PAM_PROMPT_ECHO_OFF || msg[i]->msg_style == PAM_PROMPT_ECHO_ON) {
      r[i].resp = strdup(next_answer());
    } else {
      fprintf(stderr, "driver: message: %s\n", msg[i]->msg);
    }
  }
  *resp = r;
  return PAM_SUCCESS;
}

static void read_passwords(const char *path) {
  FILE *f = fopen(path, "r");
  char line[1024];
  if (f == NULL) {
    perror(path);
    exit(2);
  }
  while (password_count < kMaxPasswords && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    passwords[password_count++] = strdup(line);
  }
  fclose(f);
}

static int maps_libcurl(void) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[4096];
  int found = 0;
  while (f && !found && fgets(line, sizeof line, f)) found = strstr(line, "/libcurl") != NULL;
  if (f) fclose(f);
  return found;
}

int main(int argc, char **argv) {
  if (argc < 5 || argc > 7 ||
      (strcmp(argv[3], "acct_mgmt") != 0 && strcmp(argv[3], "chauthtok") != 0)) {
    fprintf(stderr, "usage: pam_call_driver SERVICE USER acct_mgmt|chauthtok COUNT [RUID [PASSWORDS]]\n");
    return 2;
  }
  const int count = atoi(argv[4]);
  const int change = strcmp(argv[3], "chauthtok") == 0;
  if (argc == 7) read_passwords(argv[6]);
  if (argc >= 6 && setresuid((uid_t)strtoul(argv[5], NULL, 10), 0, 0) != 0) {
    perror("driver: setresuid");
    return 2;
  }
  const struct pam_conv conv = {converse, NULL};
  printf("start ");
  print_memory();
  printf("\n");
  int failures = 0;
  for (call_index = 0; call_index < count; ++call_index) {
    answer_index = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pam_handle_t *pamh = NULL;
    int rc = pam_start(argv[1], argv[2], &conv, &pamh);
    if (rc == PAM_SUCCESS) rc = change ? pam_chauthtok(pamh, 0) : pam_acct_mgmt(pamh, 0);
    const char *result = pam_strerror(pamh, rc);
    printf("call %d ", call_index + 1);
    pam_end(pamh, rc);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    const long us = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
    printf("%ld %s ", us, rc == PAM_SUCCESS ? "success" : "failure");
    print_memory();
    printf("\n");
    if (rc != PAM_SUCCESS) {
      fprintf(stderr, "driver: call %d: %s\n", call_index + 1, result);
      ++failures;
    }
  }
  printf("libcurl %d\n", maps_libcurl());
  return failures == 0 ? 0 : 1;
}
