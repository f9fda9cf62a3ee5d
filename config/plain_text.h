// Internal to the config library: the file's bytes must be UTF-8 text before
// yaml-cpp sees them. yaml-cpp passes invalid bytes and control characters
// into values and messages, and reads a NUL byte as the end of a line.
#pragma once

#include <string_view>

#include "config/reader.h"

namespace pam_idaas::config::detail {

// Reports the first byte that is not UTF-8 text, or a control character other
// than tab, line feed and carriage return; false when there is one.
bool check_plain_text(Reader& r, std::string_view text);

}  // namespace pam_idaas::config::detail
