/*
 * pam_call_driver: COUNT whole PAM calls in one process, each its own handle
 * (pam_start, the operation, pam_end), as COUNT logins or passwd runs would make
 * them; prints one line per call: "call N MICROSECONDS RESULT VMRSS_KIB RSSANON_KIB
 * RSSFILE_KIB SERVICE CPU_MICROSECONDS" (wall-clock time, then this process's CPU time),
 * after a line "start VMRSS_KIB RSSANON_KIB RSSFILE_KIB" taken before the first pam_start
 * (libpam linked, no module loaded yet), and a last line
 * "libcurl 0|1": whether the calls left libcurl mapped in the process (the module
 * loads its tenant client, and libcurl with it, only for a call that needs the tenant).
 *
 *   pam_call_driver SERVICE[,SERVICE...] USER acct_mgmt|chauthtok|authenticate COUNT
 *                   [RUID [PASSWORDS]]
 *
 * Several services: the calls take them in turn (call 1 the first, call 2 the second, ...),
 * so that stacks compared with each other meet the same moments of the machine's load.
 * RUID: the real uid to run with (effective uid 0), as a set-user-ID passwd started
 * by that user; the module then asks for the current password; "-" keeps root's.
 * PASSWORDS: a file of one password a line. chauthtok: the first the user's current
 * one, call N changes line N to line N+1 (answers: current, new, retype).
 * authenticate: call N answers every prompt with line N, or with the last line when
 * there are fewer; the handle gets PAM_RHOST 127.0.0.1 and PAM_TTY "ssh", as sshd sets
 * them before pam_authenticate. Passwords never travel in argv.
 * The service "@crypt" is no PAM call: one crypt(3) of this call's password with the user's
 * shadow hash as setting (getspnam, crypt_rn), the unit a local password check is made of,
 * timed in the same process and the same turn as the stacks (authenticate only).
 * PAM_DRIVER_BEFORE_CALL: a shell command run before each call, outside its time, with
 * PAM_DRIVER_CALL=N in its environment (to change the world between two logins).
 * Started as root, so that pam_wrapper can be preloaded.
 */
#define _GNU_SOURCE
#include <security/pam_appl.h>

#include <crypt.h>
#include <shadow.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { kMaxPasswords = 4096, kMaxServices = 8 };
enum Operation { kAcctMgmt, kChauthtok, kAuthenticate };

static char *passwords[kMaxPasswords];
static int password_count;
static enum Operation operation;
static int call_index;   /* the call in progress */
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

/* chauthtok: the current password, then the new one twice (a self-service change);
 * authenticate: this call's password, however often it is asked. */
static const char *next_answer(void) {
  const int step = answer_index++;
  int line = call_index;
  if (operation == kChauthtok && step > 0) line = call_index + 1;
  if (operation == kAuthenticate && line >= password_count) line = password_count - 1;
  return line >= 0 && line < password_count ? passwords[line] : "";
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
  explicit_bzero(line, sizeof line);
  fclose(f);
}

static void wipe_passwords(void) {
  for (int i = 0; i < password_count; ++i) {
    explicit_bzero(passwords[i], strlen(passwords[i]));
    free(passwords[i]);
  }
}

static int maps_libcurl(void) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[4096];
  int found = 0;
  while (f && !found && fgets(line, sizeof line, f)) found = strstr(line, "/libcurl") != NULL;
  if (f) fclose(f);
  return found;
}

static int parse_operation(const char *name) {
  if (strcmp(name, "acct_mgmt") == 0) operation = kAcctMgmt;
  else if (strcmp(name, "chauthtok") == 0) operation = kChauthtok;
  else if (strcmp(name, "authenticate") == 0) operation = kAuthenticate;
  else return 0;
  return 1;
}

/* SERVICE[,SERVICE...] split in place; returns how many. */
static int split_services(char *list, char **services) {
  int n = 0;
  for (char *save = NULL, *s = strtok_r(list, ",", &save); s && n < kMaxServices;
       s = strtok_r(NULL, ",", &save)) {
    services[n++] = s;
  }
  return n;
}

/* What sshd sets on the handle before it authenticates a user. */
static int set_login_items(pam_handle_t *pamh) {
  int rc = pam_set_item(pamh, PAM_RHOST, "127.0.0.1");
  if (rc == PAM_SUCCESS) rc = pam_set_item(pamh, PAM_TTY, "ssh");
  return rc;
}

static int operate(pam_handle_t *pamh) {
  switch (operation) {
    case kChauthtok: return pam_chauthtok(pamh, 0);
    case kAuthenticate: {
      const int rc = set_login_items(pamh);
      return rc == PAM_SUCCESS ? pam_authenticate(pamh, 0) : rc;
    }
    default: return pam_acct_mgmt(pamh, 0);
  }
}

static void before_call(void) {
  const char *command = getenv("PAM_DRIVER_BEFORE_CALL");
  if (command == NULL || *command == '\0') return;
  char n[16];
  snprintf(n, sizeof n, "%d", call_index + 1);
  setenv("PAM_DRIVER_CALL", n, 1);
  fflush(stdout);
  if (system(command) != 0) {
    fprintf(stderr, "driver: PAM_DRIVER_BEFORE_CALL failed before call %s\n", n);
    exit(2);
  }
}

/* The PAM call: pam_start, the operation, pam_end. */
static int pam_call(const char *service, const char *user) {
  const struct pam_conv conv = {converse, NULL};
  pam_handle_t *pamh = NULL;
  int rc = pam_start(service, user, &conv, &pamh);
  if (rc == PAM_SUCCESS) rc = operate(pamh);
  if (rc != PAM_SUCCESS) {
    fprintf(stderr, "driver: call %d (%s): %s\n", call_index + 1, service, pam_strerror(pamh, rc));
  }
  pam_end(pamh, rc);
  return rc;
}

/* One crypt(3) of the password with the user's hash, as a local check makes it. */
static int crypt_call(const char *user) {
  static struct crypt_data data;
  const struct spwd *entry = getspnam(user);
  if (entry == NULL || entry->sp_pwdp == NULL) return PAM_USER_UNKNOWN;
  const char *hash = crypt_rn(next_answer(), entry->sp_pwdp, &data, sizeof data);
  const int rc = hash != NULL && strcmp(hash, entry->sp_pwdp) == 0 ? PAM_SUCCESS : PAM_AUTH_ERR;
  explicit_bzero(&data, sizeof data);
  return rc;
}

static long microseconds(const struct timespec *from, const struct timespec *to) {
  return (to->tv_sec - from->tv_sec) * 1000000L + (to->tv_nsec - from->tv_nsec) / 1000;
}

/* One call, timed in wall-clock and in this process's CPU time; returns 0 on success. */
static int one_call(const char *service, const char *user) {
  struct timespec t0, t1, c0, c1;
  answer_index = 0;
  before_call();
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  const int rc = strcmp(service, "@crypt") == 0 ? crypt_call(user) : pam_call(service, user);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
  printf("call %d %ld %s ", call_index + 1, microseconds(&t0, &t1),
         rc == PAM_SUCCESS ? "success" : "failure");
  print_memory();
  printf(" %s %ld\n", service, microseconds(&c0, &c1));
  return rc == PAM_SUCCESS ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc < 5 || argc > 7 || !parse_operation(argv[3])) {
    fprintf(stderr, "usage: pam_call_driver SERVICE[,SERVICE...] USER "
                    "acct_mgmt|chauthtok|authenticate COUNT [RUID [PASSWORDS]]\n");
    return 2;
  }
  char *services[kMaxServices];
  const int service_count = split_services(argv[1], services);
  const int count = atoi(argv[4]);
  if (argc == 7) read_passwords(argv[6]);
  if (argc >= 6 && strcmp(argv[5], "-") != 0 &&
      setresuid((uid_t)strtoul(argv[5], NULL, 10), 0, 0) != 0) {
    perror("driver: setresuid");
    return 2;
  }
  if (service_count == 0 || (operation == kAuthenticate && password_count == 0)) {
    fprintf(stderr, "driver: no service, or authenticate without PASSWORDS\n");
    return 2;
  }
  printf("start ");
  print_memory();
  printf("\n");
  int failures = 0;
  for (call_index = 0; call_index < count; ++call_index) {
    failures += one_call(services[call_index % service_count], argv[2]);
  }
  printf("libcurl %d\n", maps_libcurl());
  wipe_passwords();
  return failures == 0 ? 0 : 1;
}
