#include "tenant/device.h"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>

#include "base/ascii.h"
#include "base/secure_string.h"

namespace pam_idaas::tenant::device {

namespace {

constexpr std::size_t kMaxHostName = 253;  // RFC 1035, without the final dot
constexpr std::size_t kMaxLanguageTag = 35;
constexpr std::size_t kMaxMachineIdBytes = 4096;

bool is_printable_ascii(char c) { return c > ' ' && c < 0x7f; }

void trim(Secret& text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && blank(text.back())) text.pop_back();
  const auto first = std::find_if_not(text.begin(), text.end(), blank);
  text.erase(text.begin(), first);
}

Secret machine_id(const char* path) {
  Secret id;
  std::ifstream in(path, std::ios::binary);
  if (!in) return id;
  std::array<char, 128> buffer{};
  while (id.size() < kMaxMachineIdBytes && in.read(buffer.data(), buffer.size()).gcount() > 0) {
    id.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  explicit_bzero(buffer.data(), buffer.size());
  trim(id);
  return id;
}

std::string host_name() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) return {};
  return std::string(name.data());
}

bool is_ip_literal(const std::string& text) {
  in_addr v4{};
  in6_addr v6{};
  return ::inet_pton(AF_INET, text.c_str(), &v4) == 1 ||
         ::inet_pton(AF_INET6, text.c_str(), &v6) == 1;
}

bool is_host_name(std::string_view text) {
  if (text.empty() || text.size() > kMaxHostName) return false;
  if (text.front() == '-' || text.front() == '.') return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return ascii::is_letter_or_digit(c) || c == '-' || c == '.'; });
}

}  // namespace

std::string operating_system() {
  utsname names{};
  if (::uname(&names) != 0) return "Linux";
  std::string release;
  for (const char* c = names.release; *c != '\0'; ++c) {
    if (is_printable_ascii(*c)) release += *c;
  }
  return release.empty() ? "Linux" : "Linux " + release;
}

std::string fingerprint_of(std::string_view key) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const unsigned char* made = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                                   reinterpret_cast<const unsigned char*>(kFingerprintLabel.data()),
                                   kFingerprintLabel.size(), digest.data(), &length);
  if (made == nullptr) return {};
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length && hex.size() < kFingerprintHexDigits; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  explicit_bzero(digest.data(), digest.size());
  return hex;
}

std::string fingerprint(const char* machine_id_path) {
  const Secret id = machine_id(machine_id_path);
  if (!id.empty()) return fingerprint_of(id);
  return fingerprint_of(host_name());
}

bool acceptable_address(std::string_view address) {
  if (address.empty() || address.size() > kMaxHostName) return false;
  const std::string text(address);
  if (text.find('\0') != std::string::npos) return false;
  return is_ip_literal(text) || is_host_name(address);
}

bool acceptable_language(std::string_view language) {
  if (language.empty() || language.size() > kMaxLanguageTag ||
      !ascii::is_letter_or_digit(language.front()))
    return false;
  return std::all_of(language.begin(), language.end(),
                     [](char c) { return ascii::is_letter_or_digit(c) || c == '-' || c == '_'; });
}

}  // namespace pam_idaas::tenant::device
