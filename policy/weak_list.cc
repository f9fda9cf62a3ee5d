#include "policy/weak_list.h"

#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "base/files.h"
#include "base/trusted_file.h"
#include "base/unicode.h"
#include "base/utf8.h"
#include "policy/lexicon.h"

namespace pam_idaas::policy {

WeakList::WeakList(const WeakPasswordRule& rule) : builtin_(rule.builtin_list) {
  for (const auto& path : rule.files) add_file(path);
  for (const auto& word : rule.words) add(word);
}

// Lines that are not UTF-8 could never equal a password (those are refused
// before this rule runs), so they are skipped rather than fatal: published
// breach lists often carry a few.
void WeakList::add(std::string_view word) {
  const auto decoded = utf8::decode(word);
  if (!decoded.ok || decoded.text.empty()) return;
  const auto folded = utf8::encode(unicode::fold(decoded.text));
  extra_.emplace(folded.begin(), folded.end());
}

// The list decides which passwords are refused: opened and checked as the
// config file is (files::open_trusted), then read through that descriptor.
void WeakList::add_file(const std::string& path) {
  files::TrustedFile file = files::open_trusted(path);
  if (!file.problem.empty()) throw WeakListError("weak-password list " + path + " " + file.problem);
  FILE* in = ::fdopen(::dup(file.fd.get()), "r");
  if (in == nullptr) {
    throw WeakListError("weak-password list " + path +
                        " cannot be read: " + files::error_text(errno));
  }
  char* line = nullptr;
  std::size_t capacity = 0;
  ssize_t length = 0;
  while ((length = ::getline(&line, &capacity, in)) >= 0) {
    std::string_view word(line, static_cast<std::size_t>(length));
    if (word.ends_with('\n')) word.remove_suffix(1);
    if (word.ends_with('\r')) word.remove_suffix(1);
    add(word);
  }
  const bool failed = std::ferror(in) != 0;
  std::free(line);
  std::fclose(in);
  if (failed) throw WeakListError("error reading weak-password list " + path);
}

bool WeakList::contains(std::string_view folded_utf8) const {
  if (builtin_ && lexicon::is_common_password(folded_utf8)) return true;
  return extra_.find(folded_utf8) != extra_.end();
}

}  // namespace pam_idaas::policy
