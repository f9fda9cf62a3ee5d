#include "cli/breach_filter_build.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/files.h"
#include "policy/password_digest.h"

namespace pam_idaas::policy::breach_filter {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "HEX" or "HEX:count" with exactly `digits` hex digits.
bool is_hex_digest(std::string_view line, std::size_t digits) {
  if (line.size() < digits) return false;
  for (std::size_t i = 0; i < digits; ++i) {
    if (hex_value(line[i]) < 0) return false;
  }
  if (line.size() == digits) return true;
  if (line[digits] != ':' || line.size() == digits + 1) return false;
  return std::all_of(line.begin() + static_cast<std::ptrdiff_t>(digits) + 1, line.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

std::uint64_t key_of_hex(std::string_view line) {
  std::uint64_t key = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    const auto byte =
        static_cast<std::uint64_t>(hex_value(line[2 * i]) * 16 + hex_value(line[2 * i + 1]));
    key |= byte << (8 * i);
  }
  return key;
}

InputFormat detect(std::string_view line) {
  if (is_hex_digest(line, 40)) return InputFormat::sha1_hex;
  if (is_hex_digest(line, 32)) return InputFormat::ntlm_hex;
  return InputFormat::plain;
}

const char* format_name(InputFormat format) {
  switch (format) {
    case InputFormat::sha1_hex:
      return "SHA-1 hashes";
    case InputFormat::ntlm_hex:
      return "NTLM hashes";
    default:
      return "plain passwords";
  }
}

// Slots of a filter under construction: how many keys touch each (upper six
// bits) and which of its three slots this is for the last one (lower two),
// and the XOR of their hashes.
struct Peeling {
  std::vector<std::uint8_t> count;
  std::vector<std::uint64_t> hashes;
  std::vector<std::uint64_t> order;  // hashes in the order they were peeled
  std::vector<std::uint8_t> which;   // the slot each peeled hash was alone in
};

// The keys' hashes into `out`, in the order of their first slot's segment (a
// counting sort): consecutive hashes then touch the same few segments, which
// stay in cache, rather than three random places of a table of hundreds of
// megabytes. The counts and XORs peel() adds up do not depend on the order.
void hashes_by_segment(const std::vector<std::uint64_t>& keys, std::uint64_t seed,
                       const Geometry& g, std::vector<std::uint64_t>& out) {
  const std::uint64_t span = std::uint64_t{g.segment_count} * g.segment_length;
  auto segment_of = [&](std::uint64_t hash) { return high_bits(hash, span) / g.segment_length; };
  std::vector<std::uint64_t> next(std::uint64_t{g.segment_count} + 1, 0);
  for (const std::uint64_t key : keys) ++next[segment_of(mix(key, seed)) + 1];
  for (std::size_t i = 1; i < next.size(); ++i) next[i] += next[i - 1];
  out.resize(keys.size());
  for (const std::uint64_t key : keys) {
    const std::uint64_t hash = mix(key, seed);
    out[next[segment_of(hash)]++] = hash;
  }
}

bool peel(const std::vector<std::uint64_t>& keys, std::uint64_t seed, const Geometry& g,
          Peeling& p) {
  const std::uint64_t size = g.fingerprint_count();
  p.count.assign(size, 0);
  p.hashes.assign(size, 0);
  hashes_by_segment(keys, seed, g, p.order);  // p.order is free until the peeling below
  for (const std::uint64_t hash : p.order) {
    const Slots s = slots(hash, g);
    for (std::uint8_t j = 0; j < 3; ++j) {
      std::uint8_t& c = p.count[s.at[j]];
      if ((c >> 2) == 63) return false;  // too crowded for the counter: another seed
      c = static_cast<std::uint8_t>((c + 4) ^ j);
      p.hashes[s.at[j]] ^= hash;
    }
  }
  std::vector<std::uint32_t> alone;
  alone.reserve(size / 4);
  for (std::uint64_t i = 0; i < size; ++i) {
    if ((p.count[i] >> 2) == 1) alone.push_back(static_cast<std::uint32_t>(i));
  }
  p.order.clear();
  p.which.clear();
  p.order.reserve(keys.size());
  p.which.reserve(keys.size());
  while (!alone.empty()) {
    const std::uint32_t i = alone.back();
    alone.pop_back();
    if ((p.count[i] >> 2) != 1) continue;
    const std::uint64_t hash = p.hashes[i];
    const auto found = static_cast<std::uint8_t>(p.count[i] & 3);
    p.order.push_back(hash);
    p.which.push_back(found);
    const Slots s = slots(hash, g);
    for (std::uint8_t j = 0; j < 3; ++j) {
      std::uint8_t& c = p.count[s.at[j]];
      c = static_cast<std::uint8_t>((c - 4) ^ j);
      p.hashes[s.at[j]] ^= hash;
      if (j != found && (c >> 2) == 1) alone.push_back(static_cast<std::uint32_t>(s.at[j]));
    }
  }
  return p.order.size() == keys.size();
}

struct Built {
  Header header{};
  std::vector<std::uint16_t> fingerprints;
};

Built build(std::vector<std::uint64_t>& keys, KeyType type, const Progress& progress) {
  if (progress) progress("sorting", 0, keys.size());
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  if (keys.empty()) throw BuildError("no passwords to build a filter from");
  Geometry g = geometry_for(keys.size());
  if (g.fingerprint_count() >= (std::uint64_t{1} << 32)) {
    throw BuildError("too many passwords for one filter (at most about 3.8 billion)");
  }
  Peeling p;
  std::uint64_t seed = 0;
  // Peeling fails now and then for a seed; past a few failures the set is
  // small and unlucky, and a slightly larger table settles it. Seeds follow a
  // fixed sequence: the same list gives the same file.
  for (unsigned attempt = 0;; ++attempt) {
    if (attempt == 100) throw BuildError("could not build the filter (no seed worked)");
    if (attempt > 0 && attempt % 10 == 0) ++g.segment_count;
    seed = mix(attempt, 0x70616d5f69646161ULL);
    if (progress) progress("building", 0, keys.size());
    if (peel(keys, seed, g, p)) break;
  }
  Built out;
  out.fingerprints.assign(g.fingerprint_count(), 0);
  for (std::size_t k = p.order.size(); k-- > 0;) {
    const std::uint64_t hash = p.order[k];
    const Slots s = slots(hash, g);
    const std::uint8_t found = p.which[k];
    out.fingerprints[s.at[found]] =
        static_cast<std::uint16_t>(fingerprint(hash) ^ out.fingerprints[s.at[(found + 1) % 3]] ^
                                   out.fingerprints[s.at[(found + 2) % 3]]);
  }
  if (progress) progress("building", keys.size(), keys.size());
  Header& h = out.header;
  std::memcpy(h.magic, kMagic, sizeof h.magic);
  h.version = kVersion;
  h.key_type = static_cast<std::uint32_t>(type);
  h.seed = seed;
  h.entries = keys.size();
  h.segment_length = g.segment_length;
  h.segment_count = g.segment_count;
  h.fingerprint_count = g.fingerprint_count();
  h.body_checksum = checksum(
      {reinterpret_cast<const char*>(out.fingerprints.data()), out.fingerprints.size() * 2});
  h.header_checksum = checksum({reinterpret_cast<const char*>(&h), kHeaderChecksummed});
  return out;
}

void write_all(int fd, const void* data, std::size_t size, const std::string& path) {
  const auto* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw BuildError("cannot write " + path + ": " + files::error_text(errno));
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
}

}  // namespace

KeyReader::KeyReader(InputFormat format) : format_(format) {}
KeyReader::~KeyReader() = default;

KeyType KeyReader::key_type() const {
  return format_ == InputFormat::ntlm_hex ? KeyType::ntlm : KeyType::sha1;
}

void KeyReader::add_line(std::string_view line) {
  ++line_number_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return;
  if (format_ == InputFormat::automatic) format_ = detect(line);
  switch (format_) {
    case InputFormat::sha1_hex:
    case InputFormat::ntlm_hex: {
      const std::size_t digits = format_ == InputFormat::sha1_hex ? 40 : 32;
      if (!is_hex_digest(line, digits)) {
        throw BuildError("line " + std::to_string(line_number_) + " is not " +
                         std::to_string(digits) + " hex digits (the list holds " +
                         format_name(format_) +
                         "; a list of plain passwords needs --format plain)");
      }
      keys_.push_back(key_of_hex(line));
      break;
    }
    default: {
      const PasswordDigest digest(line, KeyType::sha1);
      keys_.push_back(key_of_digest(digest.view()));
    }
  }
}

std::size_t KeyReader::add_lines(std::string_view buffer, bool last) {
  std::size_t used = 0;
  while (used < buffer.size()) {
    const std::size_t end = buffer.find('\n', used);
    if (end == std::string_view::npos) break;
    add_line(buffer.substr(used, end - used));
    used = end + 1;
  }
  if (last && used < buffer.size()) {
    add_line(buffer.substr(used));
    used = buffer.size();
  }
  return used;
}

std::string filter_bytes(std::vector<std::uint64_t>& keys, KeyType type) {
  const Built built = build(keys, type, {});
  std::string out(reinterpret_cast<const char*>(&built.header), sizeof built.header);
  out.append(reinterpret_cast<const char*>(built.fingerprints.data()),
             built.fingerprints.size() * 2);
  return out;
}

BuiltFilter write_filter(std::vector<std::uint64_t>& keys, KeyType type, const std::string& path,
                         const Progress& progress) {
  const Built built = build(keys, type, progress);
  std::string temporary = path + ".XXXXXX";
  const files::UniqueFd fd(::mkstemp(temporary.data()));
  if (!fd.valid()) {
    throw BuildError("cannot create a file beside " + path + ": " + files::error_text(errno));
  }
  try {
    write_all(fd.get(), &built.header, sizeof built.header, temporary);
    write_all(fd.get(), built.fingerprints.data(), built.fingerprints.size() * 2, temporary);
    // Readable by everyone, like a word list: it holds no password.
    if (::fchmod(fd.get(), 0644) != 0 || ::fsync(fd.get()) != 0 ||
        ::rename(temporary.c_str(), path.c_str()) != 0) {
      throw BuildError("cannot write " + path + ": " + files::error_text(errno));
    }
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
  return {built.header.entries, sizeof built.header + built.fingerprints.size() * 2};
}

}  // namespace pam_idaas::policy::breach_filter
