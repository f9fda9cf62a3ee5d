// The YAML that configuration files are written in, read without yaml-cpp:
// block mappings of plain keys, plain values, one-line lists of plain words
// ([] or [a, b]), comments and blank lines. yaml-cpp costs about 2,000
// instructions a byte of such a file, so a PAM call would spend most of its
// policy time here; this reader is one pass over the text.
#pragma once

#include <optional>
#include <string_view>

#include "config/document.h"

namespace pam_idaas::config::detail {

// The tree yaml-cpp would build, with the same positions; nullopt for
// anything outside that subset (quotes, anchors, tags, block lists, a key
// without a value, tabs, CR, non-ASCII outside comments, document markers,
// syntax errors): yaml-cpp then reads the text and reports what is wrong.
std::optional<Document> read_simple_yaml(std::string_view text);

}  // namespace pam_idaas::config::detail
