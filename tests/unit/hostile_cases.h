// The hostile-input programs register every input as a cmocka test of its
// own, named after the input, so that the run lists (and counts) the cases.
// Include last: it ends with cmocka.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cmocka_cpp.h"

namespace hostile {

// A table row: `name` is the test's name, `check` runs it with the row.
// The rows must outlive the run (static tables).
template <typename Row>
void add_rows(std::vector<CMUnitTest>& tests, const std::vector<Row>& rows,
              void (*check)(const Row&)) {
  static std::deque<std::function<void()>> bound;  // cmocka's state points here
  for (const Row& row : rows) {
    bound.emplace_back([check, &row] { check(row); });
    tests.push_back({row.name,
                     [](void** state) { (*static_cast<std::function<void()>*>(*state))(); },
                     nullptr, nullptr, &bound.back()});
  }
}

// A case of its own: a plain cmocka test under a readable name.
inline void add(std::vector<CMUnitTest>& tests, const char* name, void (*test)(void**)) {
  tests.push_back({name, test, nullptr, nullptr, nullptr});
}

inline int run(const char* group, const std::vector<CMUnitTest>& tests,
               CMFixtureFunction setup = nullptr, CMFixtureFunction teardown = nullptr) {
  print_message("%zu hostile-input cases\n", tests.size());
  return _cmocka_run_group_tests(group, tests.data(), tests.size(), setup, teardown);
}

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Fails with both texts shown when `text` lacks `part`.
inline void expect_contains(const std::string& text, const std::string& part) {
  if (!contains(text, part)) print_message("\"%s\"\n  lacks \"%s\"\n", text.c_str(), part.c_str());
  assert_true(contains(text, part));
}

inline std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

}  // namespace hostile
