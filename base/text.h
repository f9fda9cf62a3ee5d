// Text from outside (configuration values, user names, the tenant's
// messages) made fit for one line of a log or a terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pam_idaas::text {

// Each caller keeps the rules its output has always followed; C0, DEL and C1
// controls are replaced under all of them (a terminal acts on U+009B as on ESC [).
struct Controls {
  std::string_view replacement = "?";  // "" drops a control
  // U+2028 and U+2029 as controls too: a log viewer starts a new line at them.
  bool line_separators = true;
  // A byte that begins no valid UTF-8 sequence: kept, or replaced like a control.
  bool keep_invalid_bytes = false;
};

std::string strip_controls(std::string_view text, const Controls& controls = {});

// The length of `text` cut to at most `max_bytes`, backed up so that no UTF-8
// sequence is cut in half.
std::size_t character_boundary(std::string_view text, std::size_t max_bytes);

}  // namespace pam_idaas::text
