// A directory of a test's own under /tmp, removed with everything in it.
#pragma once

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

// Makes /tmp/NAME.XXXXXX into `dir`; 0, or -1 as a cmocka set-up reports failure.
inline int make_scratch_dir(std::filesystem::path& dir, const std::string& name) {
  std::string pattern = "/tmp/" + name + ".XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return -1;
  dir = pattern;
  return 0;
}

inline int remove_scratch_dir(const std::filesystem::path& dir) {
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return 0;
}

// The names in `dir`, sorted.
inline std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The same for one test's scope.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name) { make_scratch_dir(path_, name); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() { remove_scratch_dir(path_); }
  // Empty when the directory could not be made.
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};
