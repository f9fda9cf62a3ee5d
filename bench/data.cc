#include "bench/data.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "base/utf8.h"

namespace pam_idaas::bench {
namespace {

constexpr std::string_view kAlnum =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kPrintable =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&*+-.:;=?@^_~";

// Changes whenever the generator does, so a cached list is never stale.
constexpr std::string_view kGeneratorVersion = "g1";

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

std::uint64_t Rng::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

bool CorpusEntry::ascii() const {
  return std::all_of(password.begin(), password.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::vector<CorpusEntry> read_corpus(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the corpus " + path);
  std::vector<CorpusEntry> corpus;
  std::string line;
  for (unsigned number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.starts_with('#')) continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos || tab + 1 == line.size()) {
      throw std::runtime_error(path + ":" + std::to_string(number) +
                               ": expected kind<TAB>password");
    }
    corpus.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return corpus;
}

std::string listed_password(Rng& rng) {
  std::string out(8 + rng.below(9), '\0');
  for (char& c : out) c = kAlnum[rng.below(kAlnum.size())];
  return out;
}

std::vector<std::string> absent_passwords(std::size_t count, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<std::string> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back("~" + listed_password(rng));
  return out;
}

std::string password_list(const std::string& dir, std::uint64_t count,
                          const std::vector<std::string>& extra) {
  std::uint64_t tag = fnv1a(kGeneratorVersion);
  for (const auto& line : extra) tag = fnv1a(line + "\n", tag);
  char name[96];
  std::snprintf(name, sizeof name, "passwords-%llu-%016llx.txt",
                static_cast<unsigned long long>(count), static_cast<unsigned long long>(tag));
  const std::string path = dir + "/" + name;
  if (std::filesystem::exists(path)) return path;

  const std::string partial = path + ".partial";
  std::FILE* out = std::fopen(partial.c_str(), "w");
  if (out == nullptr) throw std::runtime_error("cannot write " + partial);
  static char buffer[1 << 20];
  std::setvbuf(out, buffer, _IOFBF, sizeof buffer);
  Rng rng(count);  // one stream per size: the 10M list is not the 1M list plus more
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::string password = listed_password(rng);
    std::fwrite(password.data(), 1, password.size(), out);
    std::fputc('\n', out);
  }
  for (const auto& line : extra) {
    std::fwrite(line.data(), 1, line.size(), out);
    std::fputc('\n', out);
  }
  if (std::fclose(out) != 0) throw std::runtime_error("cannot write " + partial);
  std::filesystem::rename(partial, path);
  return path;
}

std::string random_ascii(std::size_t bytes, std::uint64_t seed) {
  Rng rng(seed);
  std::string out(bytes, '\0');
  for (char& c : out) c = kPrintable[rng.below(kPrintable.size())];
  return out;
}

std::string repeated(std::string_view unit, std::size_t bytes) {
  std::string out;
  while (out.size() + unit.size() <= bytes) out.append(unit);
  return out;
}

std::string random_han(std::size_t bytes, std::uint64_t seed) {
  Rng rng(seed);
  Secret out;
  // U+4E00..U+9FFF: the CJK Unified Ideographs block, 3 bytes each in UTF-8.
  while (out.size() + 3 <= bytes) {
    utf8::append(out, static_cast<char32_t>(0x4E00 + rng.below(0x9FFF - 0x4E00 + 1)));
  }
  return {out.begin(), out.end()};
}

}  // namespace pam_idaas::bench
