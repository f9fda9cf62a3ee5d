// The dictionary and Pinyin matchers of the guessability check.
#include <cmath>
#include <string>

#include "base/unicode.h"
#include "base/utf8.h"
#include "cmocka_cpp.h"
#include "policy/guess/dictionary.h"

using namespace pam_idaas;
using namespace pam_idaas::policy;
using namespace pam_idaas::policy::guess;

namespace {

// A password as the matchers read it: decoded, and folded one code point for one.
struct Password {
  explicit Password(std::string_view utf8) : original(utf8::decode(utf8).text) {
    for (char32_t c : original) {
      const auto folded_c = unicode::fold(std::u32string_view(&c, 1));
      folded.push_back(folded_c.size() == 1 ? folded_c[0] : c);
    }
  }
  Text text() const { return {original, folded}; }
  std::u32string original;
  std::u32string folded;
};

Matches words_in(std::string_view utf8) {
  const Password password(utf8);
  Matches out;
  find_words(password.text(), out);
  return out;
}

Matches pinyin_in(std::string_view utf8) {
  const Password password(utf8);
  Matches out;
  find_pinyin(password.text(), out);
  return out;
}

// The cheapest match of `kind` covering exactly [begin, end), or nullptr.
const Match* cheapest(const Matches& matches, std::uint32_t begin, std::uint32_t end, Kind kind,
                      bool reversed = false) {
  const Match* best = nullptr;
  for (const Match& m : matches) {
    if (m.begin != begin || m.end != end || m.kind != kind || m.reversed != reversed) continue;
    if (best == nullptr || m.log10_guesses < best->log10_guesses) best = &m;
  }
  return best;
}

bool inside(std::string_view text, std::size_t begin, std::size_t end) {
  const Password password(text);
  return inside_longer_word(password.folded, begin, end);
}

void words_are_found_inside_a_password(void**) {
  const Matches matches = words_in("Xq#Monkey77");
  const Match* monkey = cheapest(matches, 3, 9, Kind::common_password);
  assert_non_null(monkey);
  assert_false(monkey->leet);
  assert_false(monkey->reversed);
  assert_true(monkey->log10_guesses < 3);  // rank 19 on the list
  // An English word that is no common password is a plain word.
  const Matches castle = words_in("99thunderstorm!");
  assert_non_null(cheapest(castle, 2, 14, Kind::word));
}

void numbers_read_as_words_are_words(void**) {
  const Matches matches = words_in("Woaini1314!");
  const Match* forever = cheapest(matches, 6, 10, Kind::word);
  assert_non_null(forever);
  assert_false(forever->leet);
  assert_true(forever->log10_guesses < 2);
  assert_non_null(cheapest(matches, 0, 6, Kind::common_password));
}

void common_words_cost_less_than_rare_ones(void**) {
  const Matches first = words_in("password");
  const Matches second = words_in("mountain");
  const Matches third = words_in("thunderstorm");
  const Match* common = cheapest(first, 0, 8, Kind::common_password);
  const Match* word = cheapest(second, 0, 8, Kind::common_password);
  const Match* rare = cheapest(third, 0, 12, Kind::word);
  assert_non_null(common);
  assert_non_null(word);
  assert_non_null(rare);
  assert_true(common->log10_guesses < 1);
  assert_true(common->log10_guesses < word->log10_guesses);
  assert_true(word->log10_guesses < rare->log10_guesses);
  assert_true(rare->log10_guesses < 5);
}

void words_written_backwards_cost_a_little_more(void**) {
  const Matches matches = words_in("yeknom12");
  const Match* reversed = cheapest(matches, 0, 6, Kind::common_password, true);
  assert_non_null(reversed);
  assert_true(reversed->reversed);
  const Matches forward_matches = words_in("monkey12");
  const Match* forward = cheapest(forward_matches, 0, 6, Kind::common_password);
  assert_true(std::abs(reversed->log10_guesses - forward->log10_guesses - 0.30103f) < 0.001f);
  // A palindrome read backwards is the same word, reported once.
  for (const Match& m : words_in("racecar")) assert_false(m.reversed && m.begin == 0 && m.end == 7);
}

void look_alike_characters_are_undone(void**) {
  const Matches plain_matches = words_in("password");
  const Matches leet_matches = words_in("P@ssw0rd");
  const Match* plain = cheapest(plain_matches, 0, 8, Kind::common_password);
  const Match* leet = cheapest(leet_matches, 0, 8, Kind::common_password);
  assert_non_null(leet);
  assert_true(leet->leet);
  // Two kinds of look-alike (@ for a, 0 for o): about twice the guesses each.
  assert_true(std::abs(leet->log10_guesses - plain->log10_guesses - 2 * 0.30103f) < 0.06f);
  const Matches danwei = words_in("D@nwei88!");
  const Match* dan = cheapest(danwei, 0, 3, Kind::common_password);
  assert_non_null(dan);
  assert_true(dan->leet);
  // Ambiguous look-alikes: '1' read as 'i' and as 'l'.
  assert_non_null(cheapest(words_in("1nternet"), 0, 8, Kind::common_password));
  assert_non_null(cheapest(words_in("he11o"), 0, 5, Kind::common_password));
  assert_non_null(cheapest(words_in("$unsh1ne"), 0, 8, Kind::common_password));
}

void digits_alone_are_not_read_as_letters(void**) {
  for (const Match& m : words_in("1314")) assert_false(m.leet);
  for (const Match& m : words_in("80085")) assert_false(m.leet);
  // More than two look-alikes before the first letter: no word typed in disguise.
  assert_non_null(cheapest(words_in("@ndrew"), 0, 6, Kind::common_password));
  for (const Match& m : words_in("$@!nt")) assert_false(m.leet && m.begin == 0 && m.end == 5);
}

void reversed_words_are_read_without_look_alikes(void**) {
  for (const Match& m : words_in("dr0wssap")) assert_false(m.reversed && m.leet);
  assert_non_null(cheapest(words_in("drowssap"), 0, 8, Kind::common_password, true));
  // Reversed, a word starts with a letter: "321drowssap" is "password123".
  assert_non_null(cheapest(words_in("321drowssap"), 0, 11, Kind::common_password, true));
  for (const Match& m : words_in("654321")) assert_false(m.reversed);
}

void long_runs_of_one_character_are_left_to_the_repeat_matcher(void**) {
  const Matches six = words_in("111111");
  assert_non_null(cheapest(six, 0, 6, Kind::common_password));
  for (const Match& m : words_in("1111111111")) assert_true(m.end - m.begin <= kMaxSameInARow);
}

void short_words_count_only_as_the_whole_password(void**) {
  for (const Match& m : words_in("me")) assert_true(m.begin == 0 && m.end == 2);
  assert_false(words_in("me").empty());
  for (const Match& m : words_in("Xme9")) assert_true(m.end - m.begin >= kMinWordLength);
}

void random_strings_have_few_words(void**) {
  for (std::string_view random : {"kx9Tq2Mz#vB", "Zq7#Vb2!xQ", "8gW$rT4pLk", "jH3&vN9xqZ"}) {
    const Matches matches = words_in(random);
    assert_true(matches.size() <= 2);
    for (const Match& m : matches) assert_true(m.end - m.begin <= 4);
    assert_true(pinyin_in(random).empty());
  }
}

void pinyin_runs_are_found(void**) {
  const Matches woaini = pinyin_in("woaini1314");
  const Match* love = cheapest(woaini, 0, 6, Kind::pinyin);
  assert_non_null(love);
  assert_true(love->log10_guesses < 6);
  const Matches zhangwei = pinyin_in("Zhangwei1987");
  assert_non_null(cheapest(zhangwei, 0, 8, Kind::pinyin));
  for (const Match& m : zhangwei) assert_true(m.end <= 8);
  assert_non_null(cheapest(pinyin_in("wangxiaoming"), 0, 12, Kind::pinyin));
  // Common syllables cost less than rare ones of the same shape.
  const Matches rare_matches = pinyin_in("zhuaishei");
  const Matches common_matches = pinyin_in("zhongshi");
  const Match* rare = cheapest(rare_matches, 0, 9, Kind::pinyin);
  const Match* common = cheapest(common_matches, 0, 8, Kind::pinyin);
  assert_non_null(rare);
  assert_non_null(common);
  assert_true(common->log10_guesses < rare->log10_guesses);
  // One syllable is no run, and consonants alone are no syllables.
  assert_true(pinyin_in("wang").empty());
  assert_true(pinyin_in("hmng").empty());
}

void pieces_of_longer_words_are_recognised(void**) {
  assert_true(inside("merchant#42", 3, 7));      // chan
  assert_true(inside("programming#42", 7, 11));  // ming
  assert_true(inside("shanghai@123", 0, 4));     // shan
  assert_true(inside("chance#2024", 0, 4));      // chan
  assert_false(inside("zhang123", 0, 5));        // no longer word of letters
  assert_false(inside("chan#42", 0, 4));         // the word itself is not longer
  assert_false(inside("xqzmingq", 3, 7));
  assert_false(inside("merchant", 3, 9));  // out of range
  assert_false(inside("merchant", 4, 4));  // empty
}

void hostile_input_stays_bounded(void**) {
  const std::string one_letter(4096, 'a');
  const Matches words = words_in(one_letter);
  assert_true(words.size() <= 4096 * 2 * kMaxWordLength);
  const Matches runs = pinyin_in(one_letter);
  assert_false(runs.empty());  // "a" is a syllable: runs of it are found, few of them
  assert_true(runs.size() <= 4096 * kMaxPinyinEnds);
  for (const Match& m : runs) assert_true(m.end - m.begin <= kMaxPinyinSyllables);
  std::string ambiguous;
  for (int i = 0; i < 1024; ++i) ambiguous += "1!|";
  for (const Match& m : words_in(ambiguous)) assert_true(m.end <= ambiguous.size());
  // Code points outside every list, and ones no decoder would give.
  const std::u32string odd = {0x10FFFF, 0xD800, U'密', U'码', 0x7FFFFFFF, U'ß', U'é'};
  Matches out;
  find_words({odd, odd}, out);
  find_pinyin({odd, odd}, out);
  assert_true(out.empty());
  assert_false(inside_longer_word(odd, 0, 3));
  // A periodic password gives each place what the place a period before had.
  std::string periodic;
  while (periodic.size() < 600) periodic += "anmonkey";
  const Matches repeated = words_in(periodic);
  std::size_t monkeys = 0;
  for (const Match& m : repeated) {
    if (m.kind == Kind::common_password && !m.reversed && m.end - m.begin == 6) ++monkeys;
  }
  assert_int_equal(monkeys, 75);
  const Matches periodic_runs = pinyin_in(periodic);
  const Match* first_anmo = cheapest(periodic_runs, 0, 4, Kind::pinyin);
  const Match* later_anmo = cheapest(periodic_runs, 400, 404, Kind::pinyin);
  assert_non_null(first_anmo);
  assert_non_null(later_anmo);
  assert_true(first_anmo->log10_guesses == later_anmo->log10_guesses);
  // Non-ASCII words are found too.
  assert_non_null(cheapest(words_in("xxcaféxx"), 2, 6, Kind::word));
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(words_are_found_inside_a_password),
      cmocka_unit_test(numbers_read_as_words_are_words),
      cmocka_unit_test(common_words_cost_less_than_rare_ones),
      cmocka_unit_test(words_written_backwards_cost_a_little_more),
      cmocka_unit_test(look_alike_characters_are_undone),
      cmocka_unit_test(digits_alone_are_not_read_as_letters),
      cmocka_unit_test(reversed_words_are_read_without_look_alikes),
      cmocka_unit_test(long_runs_of_one_character_are_left_to_the_repeat_matcher),
      cmocka_unit_test(short_words_count_only_as_the_whole_password),
      cmocka_unit_test(random_strings_have_few_words),
      cmocka_unit_test(pinyin_runs_are_found),
      cmocka_unit_test(pieces_of_longer_words_are_recognised),
      cmocka_unit_test(hostile_input_stays_bounded),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
