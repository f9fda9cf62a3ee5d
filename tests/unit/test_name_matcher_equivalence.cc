// The optimised NameMatcher (first-character index, reused position sets)
// gives the same answer as the straightforward matcher it replaced, kept
// here as the reference: every pattern tried at every start. Random names
// (polyphonic Han characters, Latin words, both), random rule settings and
// passwords built from pieces of the name's readings, so that matches, near
// misses and deep partial matches are all common.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "base/unicode.h"
#include "base/utf8.h"
#include "cmocka_cpp.h"
#include "policy/lexicon.h"
#include "policy/name_matcher.h"

using namespace pam_idaas;
using namespace pam_idaas::policy;

namespace {

// The matcher as it was before the optimisation (commit 7726c35), unchanged
// but for names.
namespace reference {

constexpr std::size_t kMaxSlots = 16;
using Slot = std::vector<std::u32string>;

std::vector<std::u32string> readings_of(char32_t c) {
  std::vector<std::u32string> out;
  const std::string_view text = lexicon::pinyin(c);
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find(' ', begin);
    if (end == std::string_view::npos) end = text.size();
    out.emplace_back(text.begin() + static_cast<std::ptrdiff_t>(begin),
                     text.begin() + static_cast<std::ptrdiff_t>(end));
    begin = end + 1;
  }
  return out;
}

std::vector<Slot> split_name(std::string_view real_name) {
  std::vector<Slot> slots;
  const auto decoded = utf8::decode(real_name);
  if (!decoded.ok) return slots;
  std::u32string word;
  auto end_word = [&] {
    if (!word.empty()) slots.push_back({word});
    word.clear();
  };
  for (char32_t c : unicode::fold(decoded.text)) {
    if (auto readings = readings_of(c); !readings.empty()) {
      end_word();
      slots.push_back(std::move(readings));
    } else if (unicode::classify(c) != unicode::CharClass::special) {
      word.push_back(c);
    } else {
      end_word();
    }
  }
  end_word();
  if (slots.size() > kMaxSlots) slots.resize(kMaxSlots);
  return slots;
}

bool starts_with_at(std::u32string_view text, std::size_t pos, std::u32string_view piece) {
  return text.size() - pos >= piece.size() && text.compare(pos, piece.size(), piece) == 0;
}

struct Pattern {
  const std::vector<Slot>* source;
  std::vector<std::size_t> order;
  std::size_t min_match;
};

class Matcher {
 public:
  Matcher(std::string_view real_name, const PersonalDataRule& rule)
      : slots_(split_name(real_name)) {
    if (slots_.empty()) return;
    add_whole_name(slots_, rule.min_length);
    add_name_parts(rule.name_part_min_length);
    if (rule.name_initials && slots_.size() >= 2) {
      for (const Slot& slot : slots_) {
        Slot firsts;
        for (const auto& reading : slot) {
          const std::u32string first(1, reading.front());
          if (std::find(firsts.begin(), firsts.end(), first) == firsts.end()) {
            firsts.push_back(first);
          }
        }
        initials_.push_back(std::move(firsts));
      }
      add_whole_name(initials_, 0);
    }
  }

  bool found_in(std::u32string_view folded) const {
    for (const Pattern& pattern : patterns_) {
      for (std::size_t start = 0; start < folded.size(); ++start) {
        if (matches_at(pattern, folded, start)) return true;
      }
    }
    return false;
  }

 private:
  void add_whole_name(const std::vector<Slot>& source, std::size_t min_match) {
    const std::size_t n = source.size();
    for (std::size_t k = 0; k < n; ++k) {
      Pattern rotated{&source, {}, min_match};
      for (std::size_t i = 0; i < n; ++i) rotated.order.push_back((k + i) % n);
      patterns_.push_back(std::move(rotated));
    }
  }

  void add_name_parts(std::size_t min_match) {
    const std::size_t n = slots_.size();
    for (std::size_t k = 1; k < n; ++k) {
      Pattern surname{&slots_, {}, min_match};
      Pattern given{&slots_, {}, min_match};
      for (std::size_t i = 0; i < k; ++i) surname.order.push_back(i);
      for (std::size_t i = k; i < n; ++i) given.order.push_back(i);
      patterns_.push_back(std::move(surname));
      patterns_.push_back(std::move(given));
    }
  }

  static bool matches_at(const Pattern& pattern, std::u32string_view text, std::size_t start) {
    std::vector<std::size_t> ends{start};
    for (std::size_t index : pattern.order) {
      std::vector<std::size_t> next;
      for (std::size_t pos : ends) {
        for (const auto& reading : (*pattern.source)[index]) {
          if (starts_with_at(text, pos, reading)) next.push_back(pos + reading.size());
        }
      }
      std::sort(next.begin(), next.end());
      next.erase(std::unique(next.begin(), next.end()), next.end());
      if (next.empty()) return false;
      ends = std::move(next);
    }
    return ends.back() - start >= pattern.min_match;
  }

  std::vector<Slot> slots_;
  std::vector<Slot> initials_;
  std::vector<Pattern> patterns_;
};

}  // namespace reference

// Polyphonic and common surname and given-name characters, Latin name words.
const std::vector<std::string> kHan = {"单", "曾", "解", "区", "仇", "吕", "行", "长", "乐",
                                       "朴", "查", "重", "张", "王", "李", "欧", "阳", "晓",
                                       "明", "伟", "芳", "秀", "英", "华", "撖", "敦", "湛"};
const std::vector<std::string> kLatin = {"john", "Smith",      "Zhang", "wei", "O'Brien", "li",
                                         "José", "Anne-Marie", "x",     "ab",  "Émile",   "Øre"};
const std::vector<std::string> kNoise = {"1",  "2024", "!", "@", "#", "x", "q", "zz",
                                         "密", "码",   "é", "ß", "A", "_", ".", "-"};

template <typename T>
const T& pick(std::mt19937_64& random, const std::vector<T>& from) {
  return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(random)];
}

std::string random_name(std::mt19937_64& random) {
  std::string name;
  const auto kind = random() % 4;
  const auto length = 1 + random() % (random() % 8 == 0 ? 16 : 4);
  for (std::size_t i = 0; i < length; ++i) {
    if (kind == 0 || (kind == 2 && random() % 2 == 0)) {
      name += pick(random, kHan);
    } else {
      if (!name.empty()) name += random() % 2 == 0 ? " " : "·";
      name += pick(random, kLatin);
    }
  }
  return name;
}

// Pieces of the name's own readings (whole, cut short, initials), in and out
// of order, with noise between them.
std::string random_password(std::mt19937_64& random, const std::string& name) {
  std::vector<std::string> pieces;
  // The name's words whole (Latin names), then every character's readings.
  std::string word;
  for (const char c : name + " ") {
    if (c == ' ' || c == '-' || c == '\'') {
      if (!word.empty()) pieces.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  const auto decoded = utf8::decode(name);
  for (char32_t c : decoded.text) {
    std::string_view readings = lexicon::pinyin(c);
    if (readings.empty()) {
      Secret one;
      utf8::append(one, c);
      pieces.emplace_back(one.begin(), one.end());
      continue;
    }
    while (!readings.empty()) {
      const auto space = readings.find(' ');
      pieces.emplace_back(readings.substr(0, space));
      readings = space == std::string_view::npos ? "" : readings.substr(space + 1);
    }
  }
  std::string password;
  const auto length = random() % (random() % 16 == 0 ? 200 : 12);
  for (std::size_t i = 0; i < length; ++i) {
    const auto what = random() % 10;
    std::string piece = what < 7 && !pieces.empty() ? pick(random, pieces) : pick(random, kNoise);
    const bool ascii = !piece.empty() && std::all_of(piece.begin(), piece.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x80;
    });
    if (what == 5 && ascii && piece.size() > 1) piece.pop_back();  // a reading cut short
    if (what == 6 && ascii) piece.resize(1);                       // an initial
    if (random() % 3 == 0) {
      for (char& c : piece) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
    }
    password += piece;
  }
  return password;
}

PersonalDataRule random_rule(std::mt19937_64& random) {
  PersonalDataRule rule;
  rule.min_length = static_cast<unsigned>(random() % 6);
  rule.name_part_min_length = static_cast<unsigned>(random() % 7);
  rule.name_initials = random() % 2 == 0;
  // The reference is the matcher as written; disguised names are tested in
  // test_personal_data.
  rule.disguised = false;
  return rule;
}

void agrees_with_the_reference_on_random_names_and_passwords(void**) {
  std::mt19937_64 random(20261123);
  unsigned found = 0;
  constexpr unsigned kNames = 3000, kPasswordsEach = 12;
  for (unsigned n = 0; n < kNames; ++n) {
    const std::string name = random_name(random);
    const PersonalDataRule rule = random_rule(random);
    const NameMatcher matcher(name, rule);
    const reference::Matcher expected(name, rule);
    for (unsigned p = 0; p < kPasswordsEach; ++p) {
      const std::string password = random_password(random, name);
      const auto decoded = utf8::decode(password);
      assert_true(decoded.ok);
      const Secret32 folded = unicode::fold(decoded.text);
      const bool want = expected.found_in(folded);
      if (matcher.found_in(folded) != want) {
        fail_msg("name %s, password %s: expected %s", name.c_str(), password.c_str(),
                 want ? "a match" : "none");
      }
      found += want;
    }
  }
  // Both answers are common: the comparison means something.
  assert_true(found > kNames * kPasswordsEach / 5);
  assert_true(found < kNames * kPasswordsEach * 4 / 5);
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(agrees_with_the_reference_on_random_names_and_passwords),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
