// yaml-cpp 0.7 cannot be trusted with multi-document input (see the .cc):
// this finds what follows the first document without building it.
#pragma once

#include <string>

#include "config/reader.h"

namespace pam_idaas::config::detail {

// Reports anything after the first document: a second document with
// content, or a stray token yaml-cpp would otherwise loop on.
void check_single_document(Reader& r, const std::string& text);

}  // namespace pam_idaas::config::detail
