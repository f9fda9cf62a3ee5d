// The digests breached-password corpora are published as, computed for one
// password at a time without allocating (libcrypto does the hashing).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "policy/breach_filter_format.h"

namespace pam_idaas::policy {

// A digest of a password is as good as the password for a common one: wiped.
struct PasswordDigest {
  // NTLM needs the password as UTF-16: invalid UTF-8 or more than 4096 bytes
  // gives an empty digest (the policy refuses such input before this anyway).
  PasswordDigest(std::string_view password, breach_filter::KeyType type);
  PasswordDigest(const PasswordDigest&) = delete;
  PasswordDigest& operator=(const PasswordDigest&) = delete;
  ~PasswordDigest();
  std::array<unsigned char, 20> bytes{};
  std::size_t size = 0;  // 20 for SHA-1, 16 for NTLM; 0 when it cannot be computed
  std::string_view view() const { return {reinterpret_cast<const char*>(bytes.data()), size}; }
};

}  // namespace pam_idaas::policy
