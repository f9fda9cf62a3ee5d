#include "tenant/login_request.h"

#include <algorithm>

#include "tenant/device.h"

namespace pam_idaas::tenant::login_request {

namespace {

// The tenant names applications with letters, digits and a few marks; a
// control character or a space would break the header line.
bool acceptable_client_id(std::string_view id) {
  return !id.empty() && id.size() <= 256 &&
         std::all_of(id.begin(), id.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

}  // namespace

Device this_device() {
  return {device::operating_system(), device::fingerprint(), std::string(device::kAgent)};
}

std::variant<std::vector<std::string>, std::string> headers(std::string_view client_id,
                                                            const Device& device,
                                                            const LoginCaller& caller) {
  if (!acceptable_client_id(client_id)) {
    return std::string("tenant login_client_id is empty or has characters a header cannot carry");
  }
  std::vector<std::string> lines = {
      "X-client-id: " + std::string(client_id),
      "X-operating-sys-version: " + device.operating_system,
      "X-device-fingerprint: " + device.fingerprint,
      "X-agent: " + device.agent,
  };
  if (device::acceptable_address(caller.device_ip))
    lines.push_back("X-device-ip: " + std::string(caller.device_ip));
  if (device::acceptable_language(caller.language))
    lines.push_back("X-L: " + std::string(caller.language));
  return lines;
}

}  // namespace pam_idaas::tenant::login_request
