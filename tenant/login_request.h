// The header lines of POST /api/v2/sdk/login (shared/spec/tenant-api.md,
// section 5). Internal to the tenant library.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tenant/client.h"

namespace pam_idaas::tenant::login_request {

// The device's part of the headers, the same for every login of a client.
struct Device {
  std::string operating_system;  // X-operating-sys-version
  std::string fingerprint;       // X-device-fingerprint
  std::string agent;             // X-agent
};

// This host's (device.h): the machine id is read here.
Device this_device();

// "X-client-id: ...", the device's three, then X-device-ip and X-L when the
// caller's values are acceptable (device.h) and left out when not: a PAM_RHOST
// with a CR LF must not add a header of its own. Or why `client_id` cannot be
// sent (misconfigured).
std::variant<std::vector<std::string>, std::string> headers(std::string_view client_id,
                                                            const Device& device,
                                                            const LoginCaller& caller);

}  // namespace pam_idaas::tenant::login_request
