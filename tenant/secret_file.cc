// read_client_secret(): the application's client secret, from a file only
// root (or the service's own user) can read.
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "policy/files.h"
#include "tenant/client.h"

namespace pam_idaas::tenant {

namespace {

constexpr std::size_t kMaxSecretBytes = 4096;

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw SecretFileError("client secret file " + path + " " + why);
}

[[noreturn]] void refuse_open(const std::string& path, int error) {
  struct stat st {};
  // O_NOFOLLOW reports a final symlink as ELOOP, which also means a loop.
  if (error == ELOOP && ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    refuse(path,
           "is a symbolic link; refusing to follow it: set client_secret_file to the file itself");
  }
  if (error == ENOENT)
    refuse(path, "does not exist: write the client secret to it (chmod 600, owned by root)");
  refuse(path, "cannot be opened: " + files::error_text(error));
}

void check_file(const std::string& path, const struct stat& st) {
  if (!S_ISREG(st.st_mode)) refuse(path, "is not a regular file");
  if (st.st_uid != 0 && st.st_uid != ::geteuid()) {
    refuse(path, "is owned by uid " + std::to_string(st.st_uid) + ", not root: chown root " + path);
  }
  if ((st.st_mode & 077) != 0) {
    refuse(path, "is accessible by group or others (mode " + files::octal_mode(st.st_mode) +
                     "): chmod 600 " + path);
  }
  if (static_cast<std::size_t>(st.st_size) > kMaxSecretBytes) {
    refuse(path, "is larger than 4 KiB (" + std::to_string(st.st_size) +
                     " bytes); it should hold only the secret");
  }
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

Secret trimmed(const Secret& text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  return Secret(text.data() + begin, end - begin);
}

}  // namespace

Secret read_client_secret(const std::string& path) {
  const files::UniqueFd fd = files::open_for_reading(path);
  if (!fd.valid()) refuse_open(path, errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) refuse(path, "cannot be examined: " + files::error_text(errno));
  check_file(path, st);
  files::Contents contents =
      files::read_bounded(fd.get(), kMaxSecretBytes, static_cast<std::size_t>(st.st_size));
  if (contents.error != 0) refuse(path, "cannot be read: " + files::error_text(contents.error));
  if (contents.too_large) refuse(path, "is larger than 4 KiB; it should hold only the secret");
  Secret secret = trimmed(contents.text);
  if (secret.empty()) refuse(path, "is empty: write the client secret to it");
  return secret;
}

}  // namespace pam_idaas::tenant
