// What the login endpoint asks to know of the device it is called from:
// the operating system, a stable fingerprint and the caller's address and
// language as header values. Internal to the tenant library.
#pragma once

#include <string>
#include <string_view>

namespace pam_idaas::tenant::device {

inline constexpr const char* kMachineIdPath = "/etc/machine-id";
inline constexpr std::string_view kFingerprintLabel = "pam_idaas device fingerprint v1";
inline constexpr std::size_t kFingerprintHexDigits = 32;
inline constexpr std::string_view kAgent = "pam_idaas/" PAM_IDAAS_VERSION;  // X-agent

// "Linux <kernel release>" (uname -r), printable ASCII only.
std::string operating_system();

// HMAC-SHA256 keyed with `key` over kFingerprintLabel, the first
// kFingerprintHexDigits lowercase hex digits: stable for one key, and the
// key cannot be read back from it.
std::string fingerprint_of(std::string_view key);

// The fingerprint of this device: keyed with the machine id (the file at
// `machine_id_path`, surrounding white space removed), or with the host name
// when that file cannot be read or is empty. Never the id itself: the id is
// a secret of the host (machine-id(5) asks not to expose it).
std::string fingerprint(const char* machine_id_path = kMachineIdPath);

// Whether `address` (PAM_RHOST) may go into X-device-ip as it is: an IPv4
// or IPv6 literal, or a host name of letters, digits, '-' and '.'. Anything
// else (control characters, a CR LF that would start another header,
// spaces) is left out of the request.
bool acceptable_address(std::string_view address);

// Whether `language` may go into X-L: a language tag ("en", "zh-CN").
bool acceptable_language(std::string_view language);

}  // namespace pam_idaas::tenant::device
