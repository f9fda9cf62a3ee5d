#include "base/private_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <thread>

#include "base/ascii.h"
#include "base/failure.h"
#include "base/os.h"

namespace pam_idaas::files {

namespace {

// 0, or the errno of the write that failed.
int write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t written = os::calls().write(fd, data.data(), data.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return errno;
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

// A uniquely named file next to the target, removed again unless it has been
// renamed over the target.
class TempFile {
 public:
  TempFile(const std::string& directory, const std::string& name)
      : path_(directory + "/." + name + ".XXXXXX"),
        fd_(os::calls().mkostemp(path_.data(), O_CLOEXEC)) {
    if (!fd_.valid()) path_.clear();
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path_.empty()) os::calls().unlink(path_.c_str());
  }

  UniqueFd& fd() { return fd_; }
  bool rename_to(const std::string& target) {
    if (os::calls().rename(path_.c_str(), target.c_str()) != 0) return false;
    path_.clear();
    return true;
  }

 private:
  std::string path_;
  UniqueFd fd_;
};

// mkostemp's six characters.
bool is_temporary_name(std::string_view candidate, std::string_view prefix) {
  constexpr std::size_t kRandom = 6;
  if (candidate.size() != prefix.size() + kRandom || !candidate.starts_with(prefix)) return false;
  candidate.remove_prefix(prefix.size());
  return std::all_of(candidate.begin(), candidate.end(), ascii::is_letter_or_digit<char>);
}

// 0, or the errno of opening or syncing it: a rename or unlink is durable
// only once its directory is.
int sync_directory(const std::string& directory) {
  const UniqueFd dir(os::calls().open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0));
  if (!dir.valid() || os::calls().fsync(dir.get()) != 0) return errno;
  return 0;
}

bool is_stale_and_ours(int dir, const char* name, std::chrono::seconds age) {
  struct stat status {};
  if (::fstatat(dir, name, &status, AT_SYMLINK_NOFOLLOW) != 0) return false;
  const auto modified = std::chrono::system_clock::from_time_t(status.st_mtim.tv_sec);
  return S_ISREG(status.st_mode) && status.st_uid == ::geteuid() &&
         std::chrono::system_clock::now() - modified >= age;
}

}  // namespace

PrivateFile::PrivateFile(std::string path, std::string label, std::size_t max_bytes)
    : path_(std::move(path)), label_(std::move(label)), max_bytes_(max_bytes) {
  const std::size_t slash = path_.rfind('/');
  directory_ = slash == std::string::npos ? "." : (slash == 0 ? "/" : path_.substr(0, slash));
  name_ = slash == std::string::npos ? path_ : path_.substr(slash + 1);
}

Secret PrivateFile::read() const {
  const UniqueFd fd = open_for_reading(path_);
  if (!fd.valid()) {
    const int error = errno;
    if (error == ENOENT) return Secret();
    if (error == ELOOP) fail<FileError>(describe() + " is a symbolic link; refusing to follow it");
    fail_system<FileError>("cannot open " + describe(), error);
  }
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0)
    fail_errno<FileError>([&] { return "cannot stat " + describe(); });
  if (!S_ISREG(status.st_mode)) fail<FileError>(describe() + " is not a regular file");
  const uid_t owner = ::geteuid();
  if (status.st_uid != owner) {
    fail<FileError>(describe() + " is owned by uid " + std::to_string(status.st_uid) +
                    ", not uid " + std::to_string(owner) + "; refusing to use it: chown " +
                    std::to_string(owner) + " " + path_);
  }
  if ((status.st_mode & 077) != 0) {
    fail<FileError>(describe() + " is accessible to group or others (mode " +
                    octal_mode(status.st_mode) + "); refusing to use it: chmod 600 " + path_);
  }
  const std::string too_large = describe() + " is larger than " +
                                std::to_string(max_bytes_ / (1024 * 1024)) +
                                " MiB; refusing to read it";
  if (static_cast<std::size_t>(status.st_size) > max_bytes_) fail<FileError>(too_large);
  Contents contents = read_bounded(fd.get(), max_bytes_, static_cast<std::size_t>(status.st_size));
  if (contents.error != 0) fail_system<FileError>("cannot read " + describe(), contents.error);
  if (contents.too_large) fail<FileError>(too_large);
  return std::move(contents.text);
}

UniqueFd PrivateFile::lock(std::chrono::milliseconds wait) const {
  if (name_.empty()) fail<FileError>(label_ + " path '" + path_ + "' does not name a file");
  if (const int error = make_private_directory(directory_)) {
    fail_system<FileError>("cannot create directory " + directory_ + " for " + describe(), error);
  }
  const std::string lock_path = path_ + ".lock";
  UniqueFd fd(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd.valid()) fail_errno<FileError>([&] { return "cannot open lock file " + lock_path; });
  if (const int error = give_to_root_group(fd.get())) {
    fail_system<FileError>("cannot give " + lock_path + " to root", error);
  }
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (error != EWOULDBLOCK && error != EINTR)
      fail_system<FileError>("cannot lock " + lock_path, error);
    if (std::chrono::steady_clock::now() >= deadline) {
      throw LockTimeout(lock_path + " is held by another process for more than " +
                        std::to_string(wait.count()) + " ms");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return fd;
}

void PrivateFile::replace(std::string_view content) const {
  if (name_.empty()) fail<FileError>(label_ + " path '" + path_ + "' does not name a file");
  TempFile temp(directory_, name_);
  if (!temp.fd().valid()) {
    fail_errno<FileError>([&] { return "cannot create a temporary file in " + directory_; });
  }
  // mkostemp already uses 0600; stated because read() demands it.
  if (os::calls().fchmod(temp.fd().get(), 0600) != 0) {
    fail_errno<FileError>(
        [&] { return "cannot set the mode of a temporary file for " + describe(); });
  }
  if (const int error = give_to_root_group(temp.fd().get())) {
    fail_system<FileError>("cannot give a temporary file for " + describe() + " to root", error);
  }
  if (const int error = write_all(temp.fd().get(), content)) {
    fail_system<FileError>("cannot write " + describe(), error);
  }
  if (os::calls().fsync(temp.fd().get()) != 0)
    fail_errno<FileError>([&] { return "cannot flush " + describe(); });
  // Some file systems report a failed write only on close.
  if (temp.fd().close() != 0) fail_errno<FileError>([&] { return "cannot write " + describe(); });
  if (!temp.rename_to(path_)) fail_errno<FileError>([&] { return "cannot replace " + describe(); });
  if (const int error = sync_directory(directory_)) {
    fail_system<FileError>(
        "cannot flush directory " + directory_ + " after replacing " + describe(), error);
  }
}

void PrivateFile::remove() const {
  if (os::calls().unlink(path_.c_str()) != 0) {
    if (errno == ENOENT) return;
    fail_errno<FileError>([&] { return "cannot remove " + describe(); });
  }
  if (const int error = sync_directory(directory_)) {
    fail_system<FileError>("cannot flush directory " + directory_ + " after removing " + describe(),
                           error);
  }
}

unsigned PrivateFile::remove_stale_temporaries(std::chrono::seconds age) const {
  const int fd = ::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return 0;
  const std::unique_ptr<DIR, int (*)(DIR*)> listing(::fdopendir(fd), ::closedir);
  if (!listing) {
    ::close(fd);
    return 0;
  }
  const std::string prefix = "." + name_ + ".";
  unsigned removed = 0;
  while (const dirent* entry = ::readdir(listing.get())) {
    if (!is_temporary_name(entry->d_name, prefix)) continue;
    if (!is_stale_and_ours(fd, entry->d_name, age)) continue;
    if (::unlinkat(fd, entry->d_name, 0) == 0) ++removed;
  }
  return removed;
}

}  // namespace pam_idaas::files
