// Any YAML text, read by yaml-cpp in one pass: the first document as a tree,
// and a diagnostic for anything that follows it.
#pragma once

#include <string>

#include "config/document.h"
#include "config/reader.h"

namespace pam_idaas::config::detail {

// Throws YAML::Exception on a syntax error. Reports anything after the first
// document: a second document with content, or a stray token yaml-cpp would
// otherwise loop on.
Document read_with_yaml_cpp(Reader& r, const std::string& text);

}  // namespace pam_idaas::config::detail
