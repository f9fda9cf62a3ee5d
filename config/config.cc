// The configuration file as a whole: who may have written it, and how big it
// is, before its text is handed to parse() (schema.cc).
#include "config/config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "policy/files.h"

namespace pam_idaas::config {
namespace {

// A password policy fits in a few kilobytes; the cap bounds what a mistaken
// path (a log, a disk image) can cost the PAM stack.
constexpr std::size_t kMaxFileBytes = 1024 * 1024;

using files::error_text;
using files::octal_mode;

std::string open_failure(const std::string& path, int error) {
  struct stat st {};
  // O_NOFOLLOW reports a final symlink as ELOOP, which also means a loop.
  if (error == ELOOP && ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    return "is a symbolic link; refusing to follow it";
  }
  return error_text(error);
}

// The file decides how every password on this machine may be chosen, so it
// must be exactly what root wrote: no symlink to elsewhere, nothing another
// user can edit.
std::string refusal(const std::string& path, const struct stat& st) {
  if (!S_ISREG(st.st_mode)) return "is not a regular file";
  if (st.st_uid != 0 && st.st_uid != ::geteuid()) {
    return "is owned by uid " + std::to_string(st.st_uid) + ", not root; refusing it: chown root " +
           path;
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return "is writable by group or others (mode " + octal_mode(st.st_mode) +
           "); refusing it: chmod go-w " + path;
  }
  if (static_cast<std::size_t>(st.st_size) > kMaxFileBytes) {
    return "is larger than 1 MiB (" + std::to_string(st.st_size) + " bytes)";
  }
  return {};
}

struct FileText {
  // Not a Secret: the file is world-readable by design, and a client_secret
  // key in it is refused; wiping it cost every PAM call a fifth of its parse.
  std::string text;
  std::string problem;  // empty when `text` is the whole file
};

FileText read_guarded(const std::string& path) {
  const files::UniqueFd fd = files::open_for_reading(path);
  if (!fd.valid()) return {{}, open_failure(path, errno)};
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return {{}, error_text(errno)};
  if (std::string problem = refusal(path, st); !problem.empty()) return {{}, std::move(problem)};
  files::PlainContents contents =
      files::read_bounded_plain(fd.get(), kMaxFileBytes, static_cast<std::size_t>(st.st_size));
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
  return policy::language_from_environment();
}

}  // namespace pam_idaas::config
