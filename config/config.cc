// The configuration file as a whole: who may have written it, and how big it
// is, before its text is handed to parse() (schema.cc).
#include "config/config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/files.h"
#include "base/trusted_file.h"
#include "config/language.h"

namespace pam_idaas::config {
namespace {

// A password policy fits in a few kilobytes; the cap bounds what a mistaken
// path (a log, a disk image) can cost the PAM stack.
constexpr std::size_t kMaxFileBytes = 1024 * 1024;

using files::error_text;

struct FileText {
  // Not a Secret: the file is world-readable by design, and a client_secret
  // key in it is refused; wiping it cost every PAM call a fifth of its parse.
  std::string text;
  std::string problem;  // empty when `text` is the whole file
};

// The file decides how every password on this machine may be chosen, so it
// must be exactly what root wrote (files::open_trusted), and small.
FileText read_guarded(const std::string& path) {
  files::TrustedFile file = files::open_trusted(path);
  if (!file.problem.empty()) return {{}, std::move(file.problem)};
  if (static_cast<std::size_t>(file.st.st_size) > kMaxFileBytes) {
    return {{}, "is larger than 1 MiB (" + std::to_string(file.st.st_size) + " bytes)"};
  }
  files::PlainContents contents = files::read_bounded_plain(
      file.fd.get(), kMaxFileBytes, static_cast<std::size_t>(file.st.st_size));
  if (contents.error != 0) return {{}, error_text(contents.error)};
  if (contents.too_large) return {{}, "is larger than 1 MiB"};
  return {std::move(contents.text), {}};
}

}  // namespace

std::string Diagnostic::to_string() const {
  if (line == 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

LoadResult load_file(const std::string& path) {
  FileText file;
  try {
    file = read_guarded(path);
  } catch (const std::exception& e) {
    file.problem = e.what();
  }
  if (!file.problem.empty()) return {{}, {{path, 0, 0, file.problem}}};
  return parse(file.text, path);
}

policy::Language resolve(LanguageSetting setting) {
  switch (setting) {
    case LanguageSetting::en:
      return policy::Language::en;
    case LanguageSetting::zh:
      return policy::Language::zh;
    case LanguageSetting::automatic:
      break;
  }
  return language_from_environment();
}

}  // namespace pam_idaas::config
