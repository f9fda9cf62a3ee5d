/*
 * syslog_capture.so: preloaded into pamtester by tests/pam/lib.sh so that the module's syslog
 * lines (pam_syslog: pam_wrapper's, with PAM_WRAPPER_USE_SYSLOG=1, passes them to libpam's,
 * which calls __syslog_chk) land in the file named by
 * $PAM_TEST_SYSLOG, one "PRIORITY message" line each, instead of the host's /dev/log: the tests
 * read what the module logged (e.g. which side holds which password after a failed change),
 * and the host's journal gets nothing from them.
 *
 * Without PAM_TEST_SYSLOG the lines are dropped. openlog/closelog are no-ops.
 */
#undef _FORTIFY_SOURCE /* syslog() must be a function here, not the fortified macro */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

static void capture(int priority, const char *format, va_list args) {
  const char *path = getenv("PAM_TEST_SYSLOG");
  if (path == NULL || *path == '\0') return;
  char *text = NULL;
  if (vasprintf(&text, format, args) < 0) return;
  char *line = NULL;
  const int n = asprintf(&line, "%d %s\n", LOG_PRI(priority), text);
  free(text);
  if (n < 0) return;
  /* O_APPEND and one write: lines of concurrent processes do not interleave. */
  const int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0) {
    if (write(fd, line, (size_t)n) < 0) { /* nothing to do: the test sees the line missing */
    }
    close(fd);
  }
  free(line);
}

void vsyslog(int priority, const char *format, va_list args) { capture(priority, format, args); }

void __vsyslog_chk(int priority, int flag, const char *format, va_list args) {
  (void)flag;
  capture(priority, format, args);
}

void syslog(int priority, const char *format, ...) {
  va_list args;
  va_start(args, format);
  capture(priority, format, args);
  va_end(args);
}

void __syslog_chk(int priority, int flag, const char *format, ...) {
  va_list args;
  va_start(args, format);
  capture(priority, format, args);
  va_end(args);
}

void openlog(const char *ident, int option, int facility) {
  (void)ident;
  (void)option;
  (void)facility;
}

void closelog(void) {}
