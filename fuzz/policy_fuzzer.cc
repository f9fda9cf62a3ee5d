// Any bytes as a new password, checked against the default policy; the first
// bytes also give the username, the real name, the mobile number and the email,
// so that the personal-data rules see arbitrary (and overlapping) text too.
//
// Layout: byte 0 = length of the username, byte 1 = length of the real name,
// bytes 2.. = username, real name, then the password; mobile and email are
// fixed slices of the password itself (the case the rule exists for).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/policy.h"

namespace {

const pam_idaas::policy::Policy& policy() {
  // Default settings: builtin weak list, no extra files; history is not used.
  static const pam_idaas::policy::Policy instance{pam_idaas::policy::PolicySettings{}};
  return instance;
}

std::string_view take(std::string_view& rest, std::size_t n) {
  n = std::min(n, rest.size());
  const auto head = rest.substr(0, n);
  rest.remove_prefix(n);
  return head;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const std::size_t user_len = rest.empty() ? 0 : static_cast<unsigned char>(rest[0]) % 32;
  const std::size_t name_len = rest.size() < 2 ? 0 : static_cast<unsigned char>(rest[1]) % 32;
  take(rest, 2);
  pam_idaas::policy::UserData user;
  user.username = take(rest, user_len);
  user.real_name = take(rest, name_len);
  const std::string_view password = rest;
  user.mobile = password.substr(0, std::min<std::size_t>(password.size(), 11));
  user.email = password.substr(password.size() / 2);

  const auto verdict = policy().check(password, user);
  // Every message the verdict would show, in both languages.
  for (const auto& violation : verdict.violations) {
    (void)pam_idaas::policy::message(violation, pam_idaas::policy::Language::en);
    (void)pam_idaas::policy::message(violation, pam_idaas::policy::Language::zh);
  }
  // The same password with nobody's data: the rules without personal data.
  (void)policy().check(password, pam_idaas::policy::UserData{});
  // The old password of a self-service change.
  (void)pam_idaas::policy::Policy::check_old_password(password);
  return 0;
}
