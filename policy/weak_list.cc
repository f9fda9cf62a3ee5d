#include "policy/weak_list.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "policy/unicode.h"
#include "policy/utf8.h"

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

void WeakList::add_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw WeakListError("cannot read weak-password list " + path + ": " + std::strerror(errno));
  }
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    add(line);
  }
  if (in.bad()) throw WeakListError("error reading weak-password list " + path);
}

bool WeakList::contains(std::string_view folded_utf8) const {
  if (builtin_ && unicode::is_common_password(folded_utf8)) return true;
  return extra_.find(folded_utf8) != extra_.end();
}

}  // namespace pam_idaas::policy
