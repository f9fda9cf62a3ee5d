// What makes a translation complete: present, really Chinese (not the English
// copied over), and with the same {N} parameters as the English.
#pragma once

#include <set>
#include <string_view>

namespace translations {

inline std::set<char> placeholders(std::string_view text) {
  std::set<char> out;
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if (text[i] == '{' && text[i + 2] == '}') out.insert(text[i + 1]);
  }
  return out;
}

// UTF-8 lead bytes 0xE4..0xE9 start the CJK Unified Ideographs U+4E00..U+9FFF.
inline bool has_ideograph(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0xE4 && byte <= 0xE9) return true;
  }
  return false;
}

inline bool complete(std::string_view en, std::string_view zh) {
  return !en.empty() && !zh.empty() && has_ideograph(zh) && !has_ideograph(en) &&
         placeholders(en) == placeholders(zh);
}

}  // namespace translations
