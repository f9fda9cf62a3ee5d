// A filter build as an admin runs it: `pam-idaas filter build` in a child
// process, timed, with its peak memory from wait4() (what /usr/bin/time -v
// reports).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace pam_idaas::bench {

struct BuildResult {
  std::uint64_t entries = 0;   // distinct passwords in the filter
  std::uint64_t bytes = 0;     // the filter file's size
  double wall_seconds = 0;     // start to exit, as seen from outside
  double cpu_seconds = 0;      // user + system time of the child
  double printed_seconds = 0;  // the time `pam-idaas filter build` prints itself
  std::uint64_t peak_rss_kib = 0;
  std::string when;  // UTC time the build ended
  double bits_per_entry() const {
    return 8.0 * static_cast<double>(bytes) / static_cast<double>(entries);
  }
};

// Throws std::runtime_error, with the tool's output, when the build fails.
// Also writes the result to `record`, for reuse_build().
BuildResult build_filter(const std::string& cli, const std::string& input,
                         const std::string& output, const std::string& log,
                         const std::string& record);

// The result an earlier build_filter() recorded, when `output` is still the
// filter it built; nothing otherwise.
std::optional<BuildResult> reuse_build(const std::string& output, const std::string& record);

// passwdqc's own filter of the same list, as its admin builds it:
// `pwqfilter --create=CAPACITY --output=OUTPUT < input` (MD4 of each line,
// its default). Kept when OUTPUT is newer than `input`. Throws
// std::runtime_error, with the tool's output, when the build fails.
void build_pwqfilter(const std::string& input, std::uint64_t entries, const std::string& output,
                     const std::string& log);

}  // namespace pam_idaas::bench
