// Each pattern matcher of the guess estimator on its own: what it finds,
// where, and what it costs.
#include <string>

#include "cmocka_cpp.h"
#include "guess_fixtures.h"
#include "policy/guess/matchers.h"
#include "policy/guess/text.h"

using namespace pam_idaas::policy::guess;

namespace {

using Finder = void (*)(const Text&, Matches&);

Matches found(Finder find, std::string_view password) {
  const GuessText text(password);
  Matches out;
  find(text, out);
  return out;
}

// The match of `kind` covering exactly [begin, end), or null.
const Match* at(const Matches& matches, std::uint32_t begin, std::uint32_t end, Kind kind) {
  for (const Match& m : matches) {
    if (m.begin == begin && m.end == end && m.kind == kind) return &m;
  }
  return nullptr;
}

bool covers(Finder find, std::string_view password, Kind kind) {
  return at(found(find, password), 0, static_cast<std::uint32_t>(password.size()), kind) != nullptr;
}

float cost(Finder find, std::string_view password, Kind kind) {
  const Matches m = found(find, password);
  const Match* whole = at(m, 0, static_cast<std::uint32_t>(password.size()), kind);
  assert_non_null(whole);
  return whole->log10_guesses;
}

void folding_keeps_one_code_point_each(void**) {
  const GuessText text("PaSS\xC3\x9F\xC3\x84\xD0\x96\xE5\xAF\x86");  // PaSSßÄЖ密
  const Text t = text;
  assert_int_equal(t.original.size(), 8);
  assert_int_equal(t.folded.size(), 8);
  assert_true(t.folded == U"passß\u00e4\u0436\u5bc6");
}

void keyboard_rows_columns_and_strokes(void**) {
  for (const char* walk : {"qwerty", "asdfgh", "zxcvbn", "1qaz", "2wsx", "zaq1", "!QAZ@WSX",
                           "1qaz2wsx", "zaq1@WSX", "1qaz@WSX3edc", "poiuy", "qazwsx", "asdf"}) {
    if (!covers(find_keyboard_walks, walk, Kind::keyboard_walk)) print_message("%s\n", walk);
    assert_true(covers(find_keyboard_walks, walk, Kind::keyboard_walk));
  }
  for (const char* keypad : {"147258369", "789456", "2580", "159", "357", "963"}) {
    if (!covers(find_keyboard_walks, keypad, Kind::keyboard_walk)) print_message("%s\n", keypad);
    assert_true(covers(find_keyboard_walks, keypad, Kind::keyboard_walk));
  }
  assert_true(found(find_keyboard_walks, "qw").empty());                        // 3 keys at least
  assert_true(found(find_keyboard_walks, "qpzm").empty());                      // not neighbours
  assert_true(found(find_keyboard_walks, "\xE5\xAF\x86\xE7\xA0\x81").empty());  // not on the board
  // A walk's beginnings too, for the next piece to take the rest: !qaz + abcd.
  const Matches beginnings = found(find_keyboard_walks, "!qaza");
  assert_non_null(at(beginnings, 0, 4, Kind::keyboard_walk));
  assert_non_null(at(beginnings, 0, 5, Kind::keyboard_walk));
  const Matches inside = found(find_keyboard_walks, "Xy!asdf#");
  assert_non_null(at(inside, 3, 7, Kind::keyboard_walk));
}

void keyboard_costs_grow_with_turns_and_shift(void**) {
  const float row = cost(find_keyboard_walks, "qwert", Kind::keyboard_walk);
  assert_true(row > 2.5f && row < 4.0f);
  assert_true(cost(find_keyboard_walks, "qwerty", Kind::keyboard_walk) > row);
  assert_true(cost(find_keyboard_walks, "qwert", Kind::keyboard_walk) <
              cost(find_keyboard_walks, "qwsxc", Kind::keyboard_walk));  // turns
  assert_true(cost(find_keyboard_walks, "QWERT", Kind::keyboard_walk) -
                  cost(find_keyboard_walks, "qwert", Kind::keyboard_walk) <
              0.31f);  // all shifted: twice
  assert_true(cost(find_keyboard_walks, "qWeRt", Kind::keyboard_walk) >
              cost(find_keyboard_walks, "QWERT", Kind::keyboard_walk));
}

// Shift pressed once per stroke is one choice per stroke, not a choice per
// key; strokes typed one beside the other cost where the next one begins.
void keyboard_shift_by_stroke_costs_a_choice_per_stroke(void**) {
  const float by_stroke = cost(find_keyboard_walks, "1qaz@WSX3edc$RFV", Kind::keyboard_walk);
  const float by_key = cost(find_keyboard_walks, "1QaZ@wSx3EdC$rFv", Kind::keyboard_walk);
  const float unshifted = cost(find_keyboard_walks, "1qaz2wsx3edc4rfv", Kind::keyboard_walk);
  assert_true(by_stroke < by_key - 2);
  assert_true(by_stroke - unshifted < 2);  // at most one bit for each of 4 strokes, plus the start
  assert_true(unshifted < 6);  // four columns side by side: a pattern, not 16 keys chosen freely
}

void sequences_by_step_and_direction(void**) {
  for (const char* seq : {"abc", "123", "9876", "aceg", "xyz", "0123456789", "zyxw", "13579"}) {
    if (!covers(find_sequences, seq, Kind::sequence)) print_message("%s\n", seq);
    assert_true(covers(find_sequences, seq, Kind::sequence));
  }
  assert_true(found(find_sequences, "ab").empty());
  assert_true(found(find_sequences, "aaa").empty());           // a repeat, not a sequence
  assert_true(found(find_sequences, "adgj").empty());          // step 3
  assert_true(found(find_sequences, "89:;").empty());          // leaves the digits
  assert_true(covers(find_sequences, "ABC", Kind::sequence));  // folded
  assert_true(cost(find_sequences, "abc", Kind::sequence) <
              cost(find_sequences, "klm", Kind::sequence));  // obvious start
  assert_true(cost(find_sequences, "klm", Kind::sequence) <
              cost(find_sequences, "mlk", Kind::sequence));  // descending
  const Matches beginnings = found(find_sequences, "abcdef");
  assert_non_null(at(beginnings, 0, 3, Kind::sequence));
  assert_non_null(at(beginnings, 0, 6, Kind::sequence));
  assert_null(at(beginnings, 1, 6, Kind::sequence));  // beginnings only: linear
  const Matches turn = found(find_sequences, "abcba");
  assert_non_null(at(turn, 0, 3, Kind::sequence));
  assert_non_null(at(turn, 2, 5, Kind::sequence));
}

void repeats_of_characters_and_blocks(void**) {
  const auto repeats = [](std::string_view password) {
    const GuessText text(password);
    std::vector<Repeat> out;
    find_repeats(text, out);
    return out;
  };
  const auto has = [](const std::vector<Repeat>& r, std::uint32_t begin, std::uint32_t block,
                      std::uint32_t count) {
    for (const Repeat& x : r) {
      if (x.begin == begin && x.block == block && x.count == count) return true;
    }
    return false;
  };
  assert_true(has(repeats("aaa"), 0, 1, 3));
  assert_true(repeats("aa").empty());
  assert_true(has(repeats("1212"), 0, 2, 2));
  assert_true(has(repeats("xabcabcabcy"), 1, 3, 3));
  assert_true(has(repeats("passwordpassword"), 0, 8, 2));
  assert_true(has(repeats("PassWordpassword"), 0, 8, 2));  // folded
  assert_true(has(repeats("abcabca"), 0, 3, 2));           // whole blocks only
  const auto ab = repeats("abababab");
  assert_true(has(ab, 0, 2, 4));
  assert_false(has(ab, 0, 4, 2));  // found by its shortest block
  assert_true(repeats("abcdefgh").empty());
}

// qazqazqazqaz + cxzcxzcxzcxz: the second run's first block begins with the
// first run's last z; it is found from each place of its first block too.
void a_repeat_may_begin_inside_the_block_before(void**) {
  const GuessText text("qazqazqazqazcxzcxzcxzcxz");
  std::vector<Repeat> repeats;
  find_repeats(text, repeats);
  auto has = [&](std::uint32_t begin, std::uint32_t block, std::uint32_t count) {
    for (const Repeat& r : repeats) {
      if (r.begin == begin && r.block == block && r.count == count) return true;
    }
    return false;
  };
  assert_true(has(0, 3, 4));   // qaz x 4
  assert_true(has(11, 3, 4));  // zcx x 4 (shares the z)
  assert_true(has(12, 3, 4));  // cxz x 4: begins where qaz x 4 ends
}

void dates_and_years(void**) {
  for (const char* date : {"1987", "2024", "15061987", "19870615", "061587", "870615", "1987-06-15",
                           "15.06.87", "6/15/1987", "0520", "1225", "1506"}) {
    if (!covers(find_dates, date, Kind::date)) print_message("%s\n", date);
    assert_true(covers(find_dates, date, Kind::date));
  }
  for (const char* not_date : {"0000", "2040", "13131313", "1987-06.15", "99999", "1987-13-45"}) {
    if (covers(find_dates, not_date, Kind::date)) print_message("%s\n", not_date);
    assert_false(covers(find_dates, not_date, Kind::date));
  }
  assert_true(cost(find_dates, "2024", Kind::date) < cost(find_dates, "1950", Kind::date));
  assert_true(cost(find_dates, "19870615", Kind::date) <
              cost(find_dates, "1987-06-15", Kind::date));
  const Matches inside = found(find_dates, "Tom1987!");
  assert_non_null(at(inside, 3, 7, Kind::date));
}

void digit_runs(void**) {
  const Matches m = found(find_digit_runs, "a1b22c3333");
  assert_int_equal(m.size(), 2);
  assert_non_null(at(m, 3, 5, Kind::digits));
  assert_non_null(at(m, 6, 10, Kind::digits));
  assert_true(m[1].log10_guesses == 4.0f);
}

// 4 KiB of the worst shapes: every matcher returns, with matches inside the text.
void hostile_input_is_bounded(void**) {
  for (const std::string& text :
       {std::string(4096, 'a'), std::string(4096, '1'), std::string(2048, 'q') + "w",
        [] {
          std::string s;
          while (s.size() < 4096) s += "qwertyuiop";
          return s;
        }(),
        [] {
          std::string s;
          while (s.size() < 4096) s += "1987-06-15";
          return s;
        }(),
        [] {
          std::string s;
          while (s.size() < 4096) s += "abab";
          return s;
        }()}) {
    for (Finder find : {find_keyboard_walks, find_sequences, find_dates, find_digit_runs}) {
      for (const Match& m : found(find, text)) {
        assert_true(m.begin < m.end && m.end <= text.size());
      }
    }
    const GuessText g(text);
    std::vector<Repeat> out;
    find_repeats(g, out);
    assert_true(out.size() <= 16 * text.size());
  }
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(folding_keeps_one_code_point_each),
      cmocka_unit_test(keyboard_rows_columns_and_strokes),
      cmocka_unit_test(keyboard_costs_grow_with_turns_and_shift),
      cmocka_unit_test(keyboard_shift_by_stroke_costs_a_choice_per_stroke),
      cmocka_unit_test(sequences_by_step_and_direction),
      cmocka_unit_test(a_repeat_may_begin_inside_the_block_before),
      cmocka_unit_test(repeats_of_characters_and_blocks),
      cmocka_unit_test(dates_and_years),
      cmocka_unit_test(digit_runs),
      cmocka_unit_test(hostile_input_is_bounded),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
