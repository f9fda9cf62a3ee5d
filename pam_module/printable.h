// Text from outside (user names typed at a login prompt, the tenant's
// messages) made safe for a log line or a terminal.
#pragma once

#include <string>
#include <string_view>

namespace pam_idaas::module {

// Control bytes become '?', and text beyond a sane length is cut with "...".
std::string printable(std::string_view text);

}  // namespace pam_idaas::module
