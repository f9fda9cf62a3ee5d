#include "base/utf8.h"

#include <cstdint>

namespace pam_idaas::utf8 {

namespace {

struct Sequence {
  std::size_t length;    // 0: invalid lead byte
  char32_t min;          // smallest code point this length may encode
  std::uint8_t payload;  // bits of the lead byte that carry the code point
};

Sequence sequence_for(unsigned char lead) {
  if (lead < 0x80) return {1, 0, 0x7F};
  if (lead >= 0xC2 && lead <= 0xDF) return {2, 0x80, 0x1F};
  if (lead >= 0xE0 && lead <= 0xEF) return {3, 0x800, 0x0F};
  if (lead >= 0xF0 && lead <= 0xF4) return {4, 0x10000, 0x07};
  return {0, 0, 0};
}

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

}  // namespace

Step next(std::string_view bytes, std::size_t at) {
  const auto lead = static_cast<unsigned char>(bytes[at]);
  const Sequence seq = sequence_for(lead);
  if (seq.length == 0 || bytes.size() - at < seq.length) return {};
  char32_t cp = lead & seq.payload;
  for (std::size_t k = 1; k < seq.length; ++k) {
    const auto byte = static_cast<unsigned char>(bytes[at + k]);
    if (!is_continuation(byte)) return {};
    cp = (cp << 6) | (byte & 0x3Fu);
  }
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  if (cp < seq.min || cp > 0x10FFFF || surrogate) return {};
  return {cp, seq.length};
}

Decoded decode(std::string_view bytes) {
  Decoded result;
  result.text.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    const Step step = next(bytes, i);
    if (step.length == 0) {
      result.error_at = i;
      return result;
    }
    result.text.push_back(step.code_point);
    i += step.length;
  }
  result.ok = true;
  return result;
}

void append(Secret& out, char32_t cp) {
  auto put = [&out](std::uint32_t byte) { out.push_back(static_cast<char>(byte)); };
  const auto c = static_cast<std::uint32_t>(cp);
  if (c < 0x80) {
    put(c);
  } else if (c < 0x800) {
    put(0xC0 | (c >> 6));
    put(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    put(0xE0 | (c >> 12));
    put(0x80 | ((c >> 6) & 0x3F));
    put(0x80 | (c & 0x3F));
  } else {
    put(0xF0 | (c >> 18));
    put(0x80 | ((c >> 12) & 0x3F));
    put(0x80 | ((c >> 6) & 0x3F));
    put(0x80 | (c & 0x3F));
  }
}

Secret encode(std::u32string_view text) {
  Secret out;
  out.reserve(text.size() * 4);
  for (char32_t cp : text) append(out, cp);
  return out;
}

}  // namespace pam_idaas::utf8
