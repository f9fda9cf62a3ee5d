// read_client_secret(): the application's client secret, from a file only
// root (or the service's own user) can read.
#include <errno.h>
#include <sys/stat.h>

#include <string>

#include "base/files.h"
#include "base/trusted_file.h"
#include "tenant/client.h"

namespace pam_idaas::tenant {

namespace {

constexpr std::size_t kMaxSecretBytes = 4096;

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw SecretFileError("client secret file " + path + " " + why);
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

// The config file's rule (files::open_trusted), and more: no one but the
// owner may read it.
Secret read_client_secret(const std::string& path) {
  const files::TrustedFile file = files::open_trusted(path, files::Readers::owner_only);
  if (file.open_error == ENOENT)
    refuse(path, "does not exist: write the client secret to it (chmod 600, owned by root)");
  if (!file.problem.empty()) refuse(path, file.problem);
  const struct stat& st = file.st;
  if (static_cast<std::size_t>(st.st_size) > kMaxSecretBytes) {
    refuse(path, "is larger than 4 KiB (" + std::to_string(st.st_size) +
                     " bytes); it should hold only the secret");
  }
  const files::UniqueFd& fd = file.fd;
  files::Contents contents =
      files::read_bounded(fd.get(), kMaxSecretBytes, static_cast<std::size_t>(st.st_size));
  if (contents.error != 0) refuse(path, "cannot be read: " + files::error_text(contents.error));
  if (contents.too_large) refuse(path, "is larger than 4 KiB; it should hold only the secret");
  Secret secret = trimmed(contents.text);
  if (secret.empty()) refuse(path, "is empty: write the client secret to it");
  return secret;
}

}  // namespace pam_idaas::tenant
