#include "policy/cache_directory.h"

#include <openssl/sha.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace pam_idaas::files {

namespace {

constexpr std::size_t kMaxEntryBytes = 64 * 1024;

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw FileError("cache directory " + path + " " + why + "; not using it");
}

}  // namespace

CacheDirectory::CacheDirectory(std::string path) : path_(std::move(path)) {
  if (!path_.starts_with('/')) refuse(path_, "is not an absolute path");
  if (const int error = make_private_directory(path_)) {
    refuse(path_, "cannot be created: " + error_text(error));
  }
  struct stat status {};
  if (::lstat(path_.c_str(), &status) != 0) refuse(path_, "cannot be read: " + error_text(errno));
  if (!S_ISDIR(status.st_mode)) refuse(path_, "is not a directory (a symbolic link?)");
  if (status.st_uid != ::geteuid()) {
    refuse(path_, "is owned by uid " + std::to_string(status.st_uid) + ", not uid " +
                      std::to_string(::geteuid()));
  }
  if ((status.st_mode & 077) != 0) {
    refuse(path_, "is open to group or others (mode " + octal_mode(status.st_mode) +
                      "): chmod 700 " + path_);
  }
}

PrivateFile CacheDirectory::entry(std::string_view kind, std::string_view key) const {
  return PrivateFile(path_ + "/" + entry_name(kind, key), std::string(kind) + " cache",
                     kMaxEntryBytes);
}

std::string entry_name(std::string_view kind, std::string_view key) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest.data());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name(kind);
  name += '-';
  for (unsigned char byte : digest) {
    name += kHex[byte >> 4];
    name += kHex[byte & 0xf];
  }
  return name;
}

}  // namespace pam_idaas::files
