// base/text.h, base/ascii.h, base/constant_time.h: the helpers that replaced
// three hand-written copies each. The former copies are kept here as oracles,
// and every short string over the bytes that matter must come out of the
// shared helper exactly as it came out of its former copy.
#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ascii.h"
#include "base/constant_time.h"
#include "base/text.h"
#include "base/unicode.h"
#include "base/utf8.h"
#include "cmocka_cpp.h"

using namespace pam_idaas;

namespace {

// ---- the former copies ------------------------------------------------------

// config/reader.cc before issue 20: byte by byte.
std::string former_config_quote(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool c1 = byte == 0xC2 && i + 1 < text.size() &&
                    static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) < 0xA0;
    if (byte < 0x20 || byte == 0x7F || c1) {
      out += '?';
      if (c1) ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

bool former_shown_as_is(char32_t c) {
  return !unicode::is_control(c) && c != U'\u2028' && c != U'\u2029';
}

// tenant/answers.cc before issue 20; its input is always valid UTF-8.
std::string former_tenant_message(std::string_view text) {
  const auto decoded = utf8::decode(text);
  Secret kept;
  for (char32_t c : decoded.text) {
    if (former_shown_as_is(c)) utf8::append(kept, c);
  }
  return std::string(kept.begin(), kept.end());
}

std::size_t former_sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// pam_module/printable.cc before issue 20, with its length limit as a parameter.
std::string former_printable(std::string_view text, std::size_t max_length) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = former_sequence_length(static_cast<unsigned char>(text[i]));
    const std::string_view sequence = text.substr(i, length == 0 ? 1 : length);
    const auto decoded = utf8::decode(sequence);
    const bool valid = length != 0 && decoded.ok && decoded.text.size() == 1;
    const std::string_view shown =
        valid && former_shown_as_is(decoded.text[0]) ? sequence : std::string_view("?");
    if (out.size() + shown.size() > max_length) break;
    out += shown;
    i += valid ? sequence.size() : 1;
  }
  if (i < text.size()) out += "...";
  return out;
}

// printable() as it is now, with its length limit as a parameter.
std::string shared_printable(std::string_view text, std::size_t max_length) {
  std::string shown = text::strip_controls(text);
  if (shown.size() <= max_length) return shown;
  shown.resize(text::character_boundary(shown, max_length));
  return shown + "...";
}

// ---- every short string -----------------------------------------------------

// Bytes that start, continue or break UTF-8 sequences, C0, DEL, C1 (C2 80..9F),
// U+2028 (E2 80 A8) and plain text.
constexpr unsigned char kBytes[] = {0x00, 0x0A, 0x1B, 0x20, 'a',  0x7F, 0x80, 0x85, 0x9F,
                                    0xA0, 0xA8, 0xBF, 0xC2, 0xC3, 0xE2, 0xF0, 0x90, 0xFF};

void for_every_string(std::size_t max_length, const std::function<void(const std::string&)>& f) {
  std::vector<std::string> level{""};
  for (std::size_t length = 0; length <= max_length; ++length) {
    std::vector<std::string> longer;
    for (const std::string& s : level) {
      f(s);
      if (length == max_length) continue;
      for (unsigned char b : kBytes) longer.push_back(s + static_cast<char>(b));
    }
    level = std::move(longer);
  }
}

constexpr text::Controls kConfigRules{.line_separators = false, .keep_invalid_bytes = true};

void config_rules_match_the_former_copy(void**) {
  for_every_string(4, [](const std::string& s) {
    assert_str_eq(text::strip_controls(s, kConfigRules), former_config_quote(s));
  });
}

void tenant_rules_match_the_former_copy_on_utf8(void**) {
  std::size_t checked = 0;
  for_every_string(4, [&checked](const std::string& s) {
    if (!utf8::decode(s).ok) return;
    ++checked;
    assert_str_eq(text::strip_controls(s, {.replacement = ""}), former_tenant_message(s));
  });
  assert_true(checked > 1000);  // the alphabet makes enough valid strings to mean something
}

void printable_rules_match_the_former_copy(void**) {
  for (std::size_t limit : {0U, 1U, 2U, 3U, 5U}) {
    for_every_string(4, [limit](const std::string& s) {
      assert_str_eq(shared_printable(s, limit), former_printable(s, limit));
    });
  }
}

// ---- the rules, one by one --------------------------------------------------

void replaces_controls_with_a_question_mark_by_default(void**) {
  assert_str_eq(text::strip_controls("a\nb\x1b[2J\x7f"
                                     "c\xC2\x9B"
                                     "d"),
                "a?b?[2J?c?d");
  assert_str_eq(text::strip_controls("张三"), "张三");
  assert_str_eq(text::strip_controls("x\xE2\x80\xA8y"), "x?y");    // U+2028
  assert_str_eq(text::strip_controls("x\xFF\xE4\xB8y"), "x???y");  // one '?' a byte
}

void drops_controls_with_an_empty_replacement(void**) {
  assert_str_eq(text::strip_controls("a\r\nb\xE2\x80\xA9"
                                     "c",
                                     {.replacement = ""}),
                "abc");
}

void keeps_line_separators_and_invalid_bytes_when_asked(void**) {
  assert_str_eq(text::strip_controls("x\xE2\x80\xA8\xFF\ty", kConfigRules), "x\xE2\x80\xA8\xFF?y");
}

void cuts_on_a_character_boundary(void**) {
  const std::string_view text =
      "ab\xE4\xB8\xAD"
      "c";  // "ab中c"
  assert_int_equal(text::character_boundary(text, 10), text.size());
  assert_int_equal(text::character_boundary(text, 6), 6);
  assert_int_equal(text::character_boundary(text, 5), 5);
  assert_int_equal(text::character_boundary(text, 4), 2);
  assert_int_equal(text::character_boundary(text, 3), 2);
  assert_int_equal(text::character_boundary(text, 2), 2);
  assert_int_equal(text::character_boundary(text, 0), 0);
}

void lowers_ascii_letters_only(void**) {
  static_assert(ascii::lower('A') == 'a' && ascii::lower('Z') == 'z');
  static_assert(ascii::lower('@') == '@' && ascii::lower('[') == '[' && ascii::lower('a') == 'a');
  static_assert(ascii::lower(U'Q') == U'q' && ascii::lower(U'\u00C9') == U'\u00C9');
  assert_true(ascii::equal_ignoring_case("Bearer", "bEARER"));
  assert_false(ascii::equal_ignoring_case("Bearer", "Bearers"));
  assert_false(ascii::equal_ignoring_case("\xC3\x89", "\xC3\xA9"));  // É, é: not ASCII
  assert_true(ascii::is_letter_or_digit('z') && ascii::is_letter_or_digit('0'));
  assert_false(ascii::is_letter_or_digit('_') || ascii::is_letter_or_digit('\xC3'));
}

void compares_in_constant_time(void**) {
  assert_true(constant_time::equal("$6$salt$hash", "$6$salt$hash"));
  assert_true(constant_time::equal("", ""));
  assert_false(constant_time::equal("$6$salt$hash", "$6$salt$hasH"));
  assert_false(constant_time::equal("Xbc", "abc"));
  assert_false(constant_time::equal("abc", "abcd"));
  assert_false(constant_time::equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(config_rules_match_the_former_copy),
      cmocka_unit_test(tenant_rules_match_the_former_copy_on_utf8),
      cmocka_unit_test(printable_rules_match_the_former_copy),
      cmocka_unit_test(replaces_controls_with_a_question_mark_by_default),
      cmocka_unit_test(drops_controls_with_an_empty_replacement),
      cmocka_unit_test(keeps_line_separators_and_invalid_bytes_when_asked),
      cmocka_unit_test(cuts_on_a_character_boundary),
      cmocka_unit_test(lowers_ascii_letters_only),
      cmocka_unit_test(compares_in_constant_time),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
