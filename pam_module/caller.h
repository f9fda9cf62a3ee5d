// Who is asking for a password change, as the kernel and libpam tell it.
#pragma once

namespace pam_idaas::module {

struct Caller {
  bool real_root = false;       // getuid() == 0: not a setuid program run by a user
  bool expired_change = false;  // PAM_CHANGE_EXPIRED_AUTHTOK: forced at login (sshd, su, login)
};

// The central security invariant: only root changing a password on purpose
// (root running `passwd alice`) may set it without presenting the old one. A
// forced change at login runs as root too, for a user who must prove the old
// password; a setuid `passwd` has a non-root real uid.
constexpr bool may_reset_without_old_password(Caller caller) {
  return caller.real_root && !caller.expired_change;
}

}  // namespace pam_idaas::module
