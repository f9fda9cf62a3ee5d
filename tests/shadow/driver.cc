// SystemAccounts (pam_module/system_accounts.cc) against the real shadow file,
// for tests/shadow/run.sh, which runs it inside a private mount namespace over
// a copy of /etc. The password comes on standard input (one line), never argv.
//
//   shadow_driver make-current USER       "written: ..." (exit 0) or "refused: ..." (exit 1)
//   shadow_driver make-current-ign USER   the same with SIGCHLD ignored by the caller; exit 3
//                                         when SIGCHLD is not SIG_IGN afterwards
//   shadow_driver check USER              matches | differs | no_local_hash | cannot_read
//   shadow_driver fingerprint USER        the hash fingerprint ("" when none)
#include <fcntl.h>
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "base/secure_string.h"
#include "pam_module/system_accounts.h"

namespace {

using pam_idaas::Secret;
using pam_idaas::module::LocalCheck;
using pam_idaas::module::SystemAccounts;

Secret read_password() {
  Secret line;
  for (int c; (c = std::getchar()) != EOF && c != '\n';) line += static_cast<char>(c);
  return line;
}

int make_current(const std::string& user) {
  // A descriptor the host process left open without close-on-exec: chpasswd
  // must not inherit it (the fake chpasswd of run.sh lists what it got).
  [[maybe_unused]] const int leaked = ::open("/dev/zero", O_RDONLY);
  const Secret password = read_password();
  SystemAccounts accounts;
  const auto result = accounts.make_current(user, password);
  std::cout << (result.written ? "written: " : "refused: ") << result.detail << "\n";
  return result.written ? 0 : 1;
}

int make_current_with_sigchld_ignored(const std::string& user) {
  ::signal(SIGCHLD, SIG_IGN);
  const int rc = make_current(user);
  struct sigaction now {};
  ::sigaction(SIGCHLD, nullptr, &now);
  if (now.sa_handler != SIG_IGN) {
    std::cout << "SIGCHLD not restored to SIG_IGN\n";
    return 3;
  }
  std::cout << "SIGCHLD restored to SIG_IGN\n";
  return rc;
}

const char* name_of(LocalCheck check) {
  switch (check) {
    case LocalCheck::matches:
      return "matches";
    case LocalCheck::differs:
      return "differs";
    case LocalCheck::no_local_hash:
      return "no_local_hash";
    case LocalCheck::cannot_read:
      return "cannot_read";
  }
  return "?";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: shadow_driver make-current|make-current-ign|check|fingerprint USER\n";
    return 2;
  }
  const std::string command = argv[1], user = argv[2];
  if (command == "make-current") return make_current(user);
  if (command == "make-current-ign") return make_current_with_sigchld_ignored(user);
  SystemAccounts accounts;
  if (command == "check") {
    const Secret password = read_password();
    std::cout << name_of(accounts.check_password(user, password)) << "\n";
    return 0;
  }
  if (command == "fingerprint") {
    std::cout << accounts.hash_fingerprint(user) << "\n";
    return 0;
  }
  std::cerr << "unknown command " << command << "\n";
  return 2;
}
