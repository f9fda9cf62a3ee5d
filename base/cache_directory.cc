#include "base/cache_directory.h"

#include <openssl/sha.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>

namespace pam_idaas::files {

namespace {

constexpr std::size_t kMaxEntryBytes = 64 * 1024;

[[noreturn]] void refuse(std::string_view label, const std::string& path, const std::string& why) {
  throw FileError(std::string(label) + " " + path + " " + why + "; not using it");
}

// A parent another user could change lets that user swap the directory
// beneath us (rename it away, put their own in its place).
void check_parent(std::string_view label, const std::string& path, const std::string& parent,
                  bool follow) {
  struct stat status {};
  const int result = follow ? ::stat(parent.c_str(), &status) : ::lstat(parent.c_str(), &status);
  if (result != 0) {
    refuse(label, path, "has a parent " + parent + " that cannot be read: " + error_text(errno));
  }
  if (status.st_uid != 0 && status.st_uid != ::geteuid()) {
    refuse(label, path,
           "is below " + parent + ", owned by uid " + std::to_string(status.st_uid) +
               ", neither root nor uid " + std::to_string(::geteuid()));
  }
  if (S_ISDIR(status.st_mode) && (status.st_mode & 022) != 0 && (status.st_mode & S_ISVTX) == 0) {
    refuse(label, path,
           "is below " + parent + ", which group or others may write (mode " +
               octal_mode(status.st_mode) + ")");
  }
}

// "/", "/a", "/a/b" for "/a/b/c".
void check_parents_of(std::string_view label, const std::string& path, const std::string& walked,
                      bool follow) {
  check_parent(label, path, "/", follow);
  for (std::size_t slash = walked.find('/', 1); slash != std::string::npos;
       slash = walked.find('/', slash + 1)) {
    check_parent(label, path, walked.substr(0, slash), follow);
  }
}

void check_parents(std::string_view label, const std::string& path) {
  check_parents_of(label, path, path, false);  // the symbolic links on the way
  const std::string parent = path.substr(0, std::max<std::size_t>(path.rfind('/'), 1));
  char* real = ::realpath(parent.c_str(), nullptr);
  if (real == nullptr) {
    refuse(label, path, "has a parent that cannot be resolved: " + error_text(errno));
  }
  const std::string resolved(real);
  ::free(real);
  check_parents_of(label, path, resolved + "/", true);  // where they lead
}

}  // namespace

void check_private_directory(const std::string& path, std::string_view label,
                             mode_t forbidden_mode) {
  if (!path.starts_with('/')) refuse(label, path, "is not an absolute path");
  struct stat status {};
  if (::lstat(path.c_str(), &status) != 0) {
    refuse(label, path, "cannot be read: " + error_text(errno));
  }
  if (!S_ISDIR(status.st_mode)) refuse(label, path, "is not a directory (a symbolic link?)");
  if (status.st_uid != ::geteuid()) {
    refuse(label, path,
           "is owned by uid " + std::to_string(status.st_uid) + ", not uid " +
               std::to_string(::geteuid()));
  }
  if ((status.st_mode & forbidden_mode) != 0) {
    const char* fix = (forbidden_mode & 055) != 0 ? "chmod 700 " : "chmod go-w ";
    refuse(label, path,
           std::string("is open to group or others (mode ") + octal_mode(status.st_mode) +
               "): " + fix + path);
  }
  check_parents(label, path);
}

CacheDirectory::CacheDirectory(std::string path) : path_(std::move(path)) {
  if (!path_.starts_with('/')) refuse("cache directory", path_, "is not an absolute path");
  if (const int error = make_private_directory(path_)) {
    refuse("cache directory", path_, "cannot be created: " + error_text(error));
  }
  check_private_directory(path_, "cache directory", 077);
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
