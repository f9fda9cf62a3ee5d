#include "tenant/request_body.h"

#include "base/utf8.h"

namespace pam_idaas::tenant::request_body {

namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";

// In UTF-8 every byte below 0x80 is an ASCII character of its own, so the
// escapes can work on bytes once the whole text is known to be valid.
bool append_string(Secret& out, std::string_view text) {
  if (!utf8::decode(text).ok) return false;
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHexDigits[static_cast<unsigned char>(c) >> 4];
          out += kHexDigits[static_cast<unsigned char>(c) & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return true;
}

}  // namespace

std::optional<Secret> object(std::initializer_list<Field> fields) {
  Secret out;
  out += '{';
  bool first = true;
  for (const Field& field : fields) {
    if (!first) out += ',';
    first = false;
    if (!append_string(out, field.name)) return std::nullopt;
    out += ':';
    if (const auto* flag = std::get_if<bool>(&field.value)) {
      out += *flag ? "true" : "false";
    } else if (!append_string(out, std::get<std::string_view>(field.value))) {
      return std::nullopt;
    }
  }
  out += '}';
  return out;
}

}  // namespace pam_idaas::tenant::request_body
