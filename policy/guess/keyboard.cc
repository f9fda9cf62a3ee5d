#include <array>
#include <cmath>
#include <string_view>

#include "policy/guess/log10.h"
#include "policy/guess/matchers.h"

namespace pam_idaas::policy::guess {

namespace {

struct Key {
  std::int8_t row = -1;
  std::int8_t col = -1;
  bool shifted = false;
};
using Layout = std::array<Key, 128>;

// US qwerty, each row as typed and shifted. Rows are staggered: the keys
// above a key are at its column and the next, those below at the column
// before and its own (q touches 1, 2, a, w; a touches q, w, s, z).
constexpr std::array<std::string_view, 4> kQwertyRows = {"1234567890-=", "qwertyuiop[]\\",
                                                         "asdfghjkl;'", "zxcvbnm,./"};
constexpr std::array<std::string_view, 4> kQwertyShifted = {"!@#$%^&*()_+", "QWERTYUIOP{}|",
                                                            "ASDFGHJKL:\"", "ZXCVBNM<>?"};
// The numeric keypad on a grid of half keys: 0 is two keys wide.
//   / * -      row 0
// 7 8 9 +      row 1
// 4 5 6        row 2
// 1 2 3        row 3
//  0  .        row 4
struct PadKey {
  char c;
  std::int8_t row, col;
};
constexpr std::array kKeypad = {
    PadKey{'/', 0, 2}, PadKey{'*', 0, 4}, PadKey{'-', 0, 6}, PadKey{'7', 1, 0}, PadKey{'8', 1, 2},
    PadKey{'9', 1, 4}, PadKey{'+', 1, 6}, PadKey{'4', 2, 0}, PadKey{'5', 2, 2}, PadKey{'6', 2, 4},
    PadKey{'1', 3, 0}, PadKey{'2', 3, 2}, PadKey{'3', 3, 4}, PadKey{'0', 4, 1}, PadKey{'.', 4, 4}};

constexpr Layout qwerty() {
  Layout keys{};
  for (std::size_t r = 0; r < kQwertyRows.size(); ++r) {
    for (std::size_t c = 0; c < kQwertyRows[r].size(); ++c) {
      const auto row = static_cast<std::int8_t>(r);
      const auto col = static_cast<std::int8_t>(c);
      keys[static_cast<unsigned char>(kQwertyRows[r][c])] = {row, col, false};
      keys[static_cast<unsigned char>(kQwertyShifted[r][c])] = {row, col, true};
    }
  }
  return keys;
}

constexpr Layout keypad() {
  Layout keys{};
  for (const PadKey& k : kKeypad) keys[static_cast<unsigned char>(k.c)] = {k.row, k.col, false};
  return keys;
}

constexpr Layout kQwerty = qwerty();
constexpr Layout kPad = keypad();

bool qwerty_adjacent(Key a, Key b) {
  const int dr = b.row - a.row;
  const int dc = b.col - a.col;
  if (dr == 0) return dc == 1 || dc == -1;
  if (dr == -1) return dc == 0 || dc == 1;
  if (dr == 1) return dc == 0 || dc == -1;
  return false;
}

bool pad_adjacent(Key a, Key b) {
  const int dr = b.row - a.row;
  const int dc = b.col - a.col;
  return (dr != 0 || dc != 0) && dr >= -1 && dr <= 1 && dc >= -2 && dc <= 2;
}

struct Board {
  const Layout& keys;
  bool keypad;
  bool strokes;        // a stroke may start beside the previous one's start (1qaz2wsx)
  double starts;       // keys a walk can start on (zxcvbn's figures)
  double mean_degree;  // neighbours per key
};

const Board kBoards[] = {{kQwerty, false, true, 94, 4.6}, {kPad, true, true, 15, 5.07}};

bool adjacent(const Board& board, Key a, Key b) {
  return board.keypad ? pad_adjacent(a, b) : qwerty_adjacent(a, b);
}

Key key_of(const Layout& keys, char32_t c) { return c < 128 ? keys[c] : Key{}; }

}  // namespace

namespace {

// zxcvbn's count: walks of `length` keys with up to `turns` changes of
// direction, from any start, each step to one of the neighbours; long walks
// by their largest term (the rest adds less than a factor of `length`).
double log10_walk(const Board& board, unsigned length, unsigned turns) {
  if (length > 32) {
    return std::log10(length) + std::log10(board.starts) + turns * std::log10(board.mean_degree) +
           log10_choose(length - 1, turns - 1);
  }
  // Small enough for doubles (under 10^40): no logarithm in the loop.
  double sum = 0;
  for (unsigned i = 2; i <= length; ++i) {
    double choose = 1;  // (i - 1) choose (j - 1)
    double degree = board.mean_degree;
    for (unsigned j = 1; j <= std::min(turns, i - 1); ++j) {
      sum += choose * board.starts * degree;
      choose = choose * (i - j) / j;
      degree *= board.mean_degree;
    }
  }
  return std::log10(sum);
}

// Walks up to 32 keys, counted once per board: keypad walks are everywhere
// in 4 KiB of digits.
constexpr unsigned kTabulated = 32;
using WalkTable = std::array<std::array<float, kTabulated + 1>, kTabulated + 1>;

double tabulated_walk(const Board& board, unsigned length, unsigned turns) {
  static const auto tables = [] {
    std::array<WalkTable, std::size(kBoards)> all{};
    for (std::size_t b = 0; b < all.size(); ++b) {
      for (unsigned l = 2; l <= kTabulated; ++l) {
        for (unsigned t = 1; t < l; ++t) {
          all[b][l][t] = static_cast<float>(log10_walk(kBoards[b], l, t));
        }
      }
    }
    return all;
  }();
  if (length > kTabulated || turns >= length) return log10_walk(board, length, turns);
  return tables[static_cast<std::size_t>(&board - kBoards)][length][turns];
}

// People press shift for a stroke or a few keys, not key by key: what a
// guesser tries is where shift goes down and up, and whether the walk begins
// shifted. Where it changes only as a stroke begins (1qaz@WSX3edc), each
// stroke is shifted or not.
double log10_shift(unsigned length, unsigned shifted, unsigned strokes, unsigned changes,
                   unsigned changes_within_strokes) {
  if (shifted == 0) return 0;
  if (shifted == length) return std::log10(2.0);
  if (changes_within_strokes == 0) return (strokes + 1) * std::log10(2.0);
  return std::log10(2.0) + log10_choose_sum(length - 1, changes);
}

struct Walk {
  std::uint32_t begin = 0, end = 0;
  unsigned turns = 0, shifted = 0;
  unsigned strokes = 0;        // strokes begun beside the previous one's start
  unsigned shift_changes = 0;  // keys whose shift state differs from the key before
  unsigned shift_changes_within_strokes = 0;
};

// The next stroke begins beside the last one's start, mostly to its right.
constexpr double kLog10StrokeStarts = 0.47712125471966244;  // log10(3)

// A stroke beside the last one (1qaz -> 2wsx) is one of the start key's
// neighbours, not a turn anywhere in the walk: columns typed one after the
// other are what people type.
void add_walk(const Board& board, const Walk& walk, Matches& out) {
  const unsigned length = walk.end - walk.begin;
  const double guesses = tabulated_walk(board, length, std::max(walk.turns, 1u)) +
                         walk.strokes * kLog10StrokeStarts +
                         log10_shift(length, walk.shifted, walk.strokes, walk.shift_changes,
                                     walk.shift_changes_within_strokes);
  out.push_back({walk.begin, walk.end, static_cast<float>(guesses), Kind::keyboard_walk});
}

// The longest walk from `begin`, and each of its beginnings of 3 to 32 keys:
// the keys after one may be part of the next piece (!qaz + abcd). Longer
// beginnings would make a zigzag of 4 KiB cost quadratic time.
constexpr unsigned kLongestBeginning = 32;

Walk walk_from(const Board& board, std::u32string_view typed, std::uint32_t begin, Matches& out) {
  Walk walk{begin, begin + 1, 0, key_of(board.keys, typed[begin]).shifted ? 1u : 0u, 0, 0, 0};
  Key previous = key_of(board.keys, typed[begin]);
  Key stroke_start = previous;
  int direction = 0;  // row and column step, as one number; 0 = none yet
  unsigned stroke_keys = 1;
  for (; walk.end < typed.size(); ++walk.end) {
    const Key key = key_of(board.keys, typed[walk.end]);
    if (key.row < 0) break;
    const int step = (key.row - previous.row) * 16 + (key.col - previous.col);
    if (adjacent(board, previous, key)) {
      if (step != direction && direction != 0) {
        ++walk.turns;  // the stroke turns here
        stroke_start = previous;
        stroke_keys = 1;
      }
      if (walk.turns == 0) walk.turns = 1;
      direction = step;
      ++stroke_keys;
    } else if (board.strokes && stroke_keys >= 3 && adjacent(board, stroke_start, key)) {
      ++walk.strokes;  // the next stroke beside this one: 1qaz -> 2wsx
      direction = 0;
      stroke_start = key;
      stroke_keys = 1;
    } else {
      break;
    }
    if (key.shifted != previous.shifted) {
      ++walk.shift_changes;
      if (stroke_keys > 1) ++walk.shift_changes_within_strokes;
    }
    previous = key;
    walk.shifted += key.shifted ? 1 : 0;
    const unsigned keys = walk.end + 1 - walk.begin;
    if (keys >= 3 && keys <= kLongestBeginning) {
      Walk beginning = walk;
      beginning.end = walk.end + 1;
      add_walk(board, beginning, out);
    }
  }
  if (walk.end - walk.begin > kLongestBeginning) add_walk(board, walk, out);  // the whole walk
  return walk;
}

}  // namespace

void find_keyboard_walks(const Text& text, Matches& out) {
  const std::u32string_view typed = text.original;
  for (const Board& board : kBoards) {
    std::uint32_t i = 0;
    while (i < typed.size()) {
      if (key_of(board.keys, typed[i]).row < 0) {
        ++i;
        continue;
      }
      i = walk_from(board, typed, i, out).end;
    }
  }
}

}  // namespace pam_idaas::policy::guess
