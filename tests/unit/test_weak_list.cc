#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <string>

#include "base/unicode.h"
#include "cmocka_cpp.h"
#include "policy/lexicon.h"
#include "policy/weak_list.h"

using namespace pam_idaas::policy;

namespace {

void builtin_list_is_large_and_sorted_for_lookup(void**) {
  assert_true(lexicon::common_password_count() >= 10000);
  const WeakList list(WeakPasswordRule{});
  for (std::string_view common : {"123456", "password", "qwerty", "dragon", "iloveyou"}) {
    assert_true(list.contains(common));
  }
  assert_false(list.contains("correct-horse-battery-staple"));
  assert_false(list.contains(""));
}

std::set<std::string> lines_of(const char* path) {
  std::ifstream in(path);
  std::set<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.insert(line);
  }
  return lines;
}

// The list is kept in the trie of built-in words, marked: exactly its entries
// are common passwords, not the words around them in the trie.
void builtin_list_is_exactly_the_vendored_file(void**) {
  const WeakList list(WeakPasswordRule{});
  const auto common = lines_of(PROJECT_SOURCE_DIR "/policy/data/common-passwords.txt");
  assert_int_equal(common.size(), lexicon::common_password_count());
  for (const std::string& password : common) assert_true(list.contains(password));
  std::size_t others = 0;
  for (const std::string& word : lines_of(PROJECT_SOURCE_DIR "/policy/data/english-words.txt")) {
    if (common.count(word) != 0) continue;
    assert_false(list.contains(word));
    ++others;
  }
  assert_true(others > 10000);
  assert_false(list.contains("dragonf"));  // a prefix of entries (dragonfly...)
  assert_false(list.contains("\xFFpassword"));
}

void extra_files_and_words_are_folded(void**) {
  char path[] = "/tmp/pam_idaas_weakXXXXXX";
  const int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  std::ofstream(path) << "Winter2024!\r\n\nOURCOMPANY\n\xFF\xFE invalid line\n";
  WeakPasswordRule rule;
  rule.builtin_list = false;
  rule.files = {path};
  rule.words = {"Пароль2024"};
  const WeakList list(rule);
  std::remove(path);
  assert_int_equal(list.extra_count(), 3);
  assert_true(list.contains("winter2024!"));
  assert_true(list.contains("ourcompany"));
  assert_true(list.contains("пароль2024"));
  assert_false(list.contains("password"));  // built-in list off
}

void unreadable_file_names_the_file(void**) {
  WeakPasswordRule rule;
  rule.files = {"/nonexistent/weak.txt"};
  try {
    const WeakList list(rule);
    fail_msg("expected WeakListError");
  } catch (const WeakListError& e) {
    assert_non_null(std::strstr(e.what(), "/nonexistent/weak.txt"));
  }
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(builtin_list_is_large_and_sorted_for_lookup),
      cmocka_unit_test(builtin_list_is_exactly_the_vendored_file),
      cmocka_unit_test(extra_files_and_words_are_folded),
      cmocka_unit_test(unreadable_file_names_the_file),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
