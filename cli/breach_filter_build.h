// Building a breached-password filter: the keys of a password list (plain
// text, or the SHA-1 / NTLM hex digests breached-password corpora are
// published as, with or without HIBP's ":count"), then the filter file.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "policy/breach_filter_format.h"

namespace pam_idaas::policy::breach_filter {

class BuildError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class InputFormat { automatic, plain, sha1_hex, ntlm_hex };

// Turns lines into keys. The format is fixed by the first non-empty line
// unless given; a later line of another form is an error naming its number.
class KeyReader {
 public:
  explicit KeyReader(InputFormat format = InputFormat::automatic);
  ~KeyReader();

  // One line without its end ("\r" is dropped); empty lines are skipped.
  // Throws BuildError for a line that does not fit the format.
  void add_line(std::string_view line);
  // A whole buffer of lines; `last` when no more data follows (a final line
  // without a newline counts). Returns how many bytes it used: the rest is
  // the start of an unfinished line, to be passed again with what follows.
  std::size_t add_lines(std::string_view buffer, bool last);

  KeyType key_type() const;
  InputFormat format() const { return format_; }
  std::uint64_t lines() const { return line_number_; }
  std::vector<std::uint64_t>& keys() { return keys_; }

 private:
  InputFormat format_;
  std::uint64_t line_number_ = 0;
  std::vector<std::uint64_t> keys_;
};

// How far a long step has got, for a progress bar: `done` of `total`.
using Progress =
    std::function<void(std::string_view phase, std::uint64_t done, std::uint64_t total)>;

struct BuiltFilter {
  std::uint64_t entries = 0;  // distinct keys
  std::uint64_t bytes = 0;    // the file's size
};

// Sorts and de-duplicates `keys`, builds the filter and writes it to `path`
// (a temporary file beside it, then rename: a reader never sees half a file).
BuiltFilter write_filter(std::vector<std::uint64_t>& keys, KeyType type, const std::string& path,
                         const Progress& progress = {});

// The filter's bytes in memory (tests, fuzz seeds).
std::string filter_bytes(std::vector<std::uint64_t>& keys, KeyType type);

}  // namespace pam_idaas::policy::breach_filter
