// Text from outside (user names typed at a login prompt, the tenant's
// messages) made safe for a log line or a terminal.
#pragma once

#include <string>
#include <string_view>

namespace pam_idaas::module {

// Control characters and bytes that are not UTF-8 become '?', and text beyond
// 256 bytes is cut, on a character boundary, with "...".
std::string printable(std::string_view text);

}  // namespace pam_idaas::module
