// The benchmark's inputs, all deterministic: the committed corpus, generated
// breached-password lists (cached on disk: the large ones take a while to
// write) and the long and adversarial inputs of the worst cases.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pam_idaas::bench {

// splitmix64: tiny, fast, and the same sequence on every machine.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  std::size_t below(std::size_t bound) { return next() % bound; }

 private:
  std::uint64_t state_;
};

struct CorpusEntry {
  std::string kind;  // common, dictionary, personal, strong, cjk, pinyin, rule, breached
  std::string password;
  bool ascii() const;
};

// Lines "kind<TAB>password"; '#' lines are comments. Throws on a bad line.
std::vector<CorpusEntry> read_corpus(const std::string& path);

// A password of the generated breached lists: 8 to 16 letters and digits.
std::string listed_password(Rng& rng);

// Passwords that are in no generated list (they start with '~', which the
// lists never use): the false-positive probes and the lookup keys.
std::vector<std::string> absent_passwords(std::size_t count, std::uint64_t seed);

// DIR/passwords-COUNT-TAG.txt: `count` generated passwords, then `extra`.
// Reused when a complete file is already there (written beside it, then
// renamed, so an interrupted run leaves none half-written).
std::string password_list(const std::string& dir, std::uint64_t count,
                          const std::vector<std::string>& extra);

// Worst-case material: `bytes` of mixed printable ASCII; `unit` repeated
// while it fits in `bytes`; `bytes` worth of random CJK ideographs (3 bytes
// each).
std::string random_ascii(std::size_t bytes, std::uint64_t seed);
std::string repeated(std::string_view unit, std::size_t bytes);
std::string random_han(std::size_t bytes, std::uint64_t seed);

}  // namespace pam_idaas::bench
