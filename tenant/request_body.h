// The JSON bodies of the tenant requests, written by hand into wiped memory.
// nlohmann-json's serializer passes every string through a 512-byte array in
// its own stack frame and never wipes it: a password would outlive the
// request there. Internal to the tenant library.
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>
#include <variant>

#include "base/secure_string.h"

namespace pam_idaas::tenant::request_body {

struct Field {
  std::string_view name;
  std::variant<std::string_view, bool> value;
};

// {"name":value,...} in the given order, names and texts escaped as RFC 8259
// asks ('"', '\\' and the C0 controls; everything else as it is); std::nullopt
// when a name or text is not valid UTF-8: JSON cannot carry it, and changing
// the bytes would change the password.
std::optional<Secret> object(std::initializer_list<Field> fields);

}  // namespace pam_idaas::tenant::request_body
