#include "pam_module/host_hash.h"

#include <crypt.h>
#include <openssl/sha.h>
#include <string.h>

#include <array>
#include <charconv>
#include <memory>
#include <vector>

#include "base/ascii.h"

static_assert(CRYPT_GENSALT_IMPLEMENTS_AUTO_ENTROPY,
              "libxcrypt must draw the salt's randomness itself");

namespace pam_idaas::module {
namespace {

struct CryptWork {
  crypt_data data{};
  ~CryptWork() { explicit_bzero(&data, sizeof data); }
};

// prefix nullptr: libxcrypt's default method; count 0: its default cost.
std::string generate(const char* prefix, unsigned long count) {
  char out[CRYPT_GENSALT_OUTPUT_SIZE];
  const char* setting = crypt_gensalt_rn(prefix, count, nullptr, 0, out, sizeof out);
  if (setting == nullptr || setting[0] == '*') return {};
  return setting;
}

std::vector<std::string_view> split_dollars(std::string_view hash) {
  std::vector<std::string_view> fields;
  for (std::size_t at = 0;;) {
    const std::size_t end = hash.find('$', at);
    fields.push_back(hash.substr(at, end - at));
    if (end == std::string_view::npos) return fields;
    at = end + 1;
  }
}

bool crypt64(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    const bool ok = ascii::is_letter_or_digit(c) || c == '.' || c == '/';
    if (!ok) return false;
  }
  return true;
}

// "$y$PARAMS$SALT$HASH" (yescrypt, gost-yescrypt): the PARAMS field is the cost
// (N, r, p and flags) as written; only the salt is new.
std::string same_params_fresh_salt(std::string_view id, std::string_view params) {
  if (!crypt64(params)) return {};
  const std::string fresh = generate(("$" + std::string(id) + "$").c_str(), 0);
  const auto fresh_fields = split_dollars(fresh);
  if (fresh_fields.size() != 4) return {};
  return "$" + std::string(id) + "$" + std::string(params) + "$" + std::string(fresh_fields[3]);
}

// A number field ("rounds=7000" after its label, "12"): the cost to ask for.
unsigned long cost_of(std::string_view text) {
  unsigned long cost = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), cost);
  return error == std::errc() && end == text.data() + text.size() ? cost : 0;
}

std::string same_method(std::string_view current) {
  const auto fields = split_dollars(current);
  if (fields.size() < 4 || !fields[0].empty()) return {};
  const std::string_view id = fields[1];
  if (id == "y" || id == "gy") return same_params_fresh_salt(id, fields[2]);
  if (id == "6" || id == "5") {  // "$6$rounds=N$SALT$HASH" or "$6$SALT$HASH" (5000 rounds)
    constexpr std::string_view kRounds = "rounds=";
    if (!fields[2].starts_with(kRounds)) return generate(id == "6" ? "$6$" : "$5$", 0);
    const unsigned long rounds = cost_of(fields[2].substr(kRounds.size()));
    return rounds == 0 ? std::string() : generate(id == "6" ? "$6$" : "$5$", rounds);
  }
  if (id == "2b" || id == "2y" || id == "2a") {
    const unsigned long cost = cost_of(fields[2]);
    return cost == 0 ? std::string() : generate(("$" + std::string(id) + "$").c_str(), cost);
  }
  return {};  // a method this rule does not know the cost field of
}

}  // namespace

std::string new_setting(std::string_view current) {
  const std::string text(current);
  if (!current.empty() && crypt_checksalt(text.c_str()) == CRYPT_SALT_OK) {
    std::string setting = same_method(current);
    if (!setting.empty()) return setting;
  }
  return generate(nullptr, 0);
}

Secret hash_with(std::string_view password, const std::string& setting) {
  if (setting.empty()) return {};
  const Secret phrase(password);  // crypt_rn needs the terminating NUL
  auto work = std::make_unique<CryptWork>();
  const char* hash = crypt_rn(phrase.c_str(), setting.c_str(), &work->data, sizeof work->data);
  if (hash == nullptr || hash[0] == '*') return {};
  return Secret(hash);
}

Secret new_host_hash(std::string_view password, std::string_view current) {
  Secret hash = hash_with(password, new_setting(current));
  if (hash.empty()) hash = hash_with(password, new_setting(""));
  return hash;
}

std::string hash_fingerprint_of(std::string_view hash) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(hash.data()), hash.size(), digest.data());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (std::size_t i = 0; i < 16; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  explicit_bzero(digest.data(), digest.size());
  return hex;
}

}  // namespace pam_idaas::module
