#include "policy/password_digest.h"

// MD4 is deprecated in OpenSSL 3 and its EVP form needs the legacy provider;
// the one-shot function still works without one and without allocating. NTLM
// digests are MD4 by definition: there is no other way to match that corpus.
// SHA-1 goes through the (equally deprecated) SHA1_Init/Update/Final on a
// context on the stack: OpenSSL 3's one-shot SHA1() is EVP_Q_digest(), which
// fetches the algorithm and allocates three times per call (~1.5 µs, against
// ~0.2 µs for the same digest here).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/md4.h>
#include <openssl/sha.h>
#include <string.h>

#include <array>
#include <cstdint>

#include "base/utf8.h"
#include "policy/settings.h"

namespace pam_idaas::policy {
namespace {

// UTF-16LE of at most kInputCapBytes of UTF-8: at most one 16-bit unit per
// byte, so the buffer fits on the stack.
struct Utf16Buffer {
  std::array<unsigned char, 2 * kInputCapBytes> bytes;
  std::size_t size = 0;
  ~Utf16Buffer() { explicit_bzero(bytes.data(), size); }
  void put(std::uint32_t unit) {
    bytes[size++] = static_cast<unsigned char>(unit & 0xFF);
    bytes[size++] = static_cast<unsigned char>(unit >> 8);
  }
};

bool to_utf16le(std::string_view password, Utf16Buffer& out) {
  if (password.size() > kInputCapBytes) return false;
  for (std::size_t i = 0; i < password.size();) {
    const utf8::Step step = utf8::next(password, i);
    if (step.length == 0) return false;
    const auto cp = static_cast<std::uint32_t>(step.code_point);
    if (cp < 0x10000) {
      out.put(cp);
    } else {
      out.put(0xD800 + ((cp - 0x10000) >> 10));
      out.put(0xDC00 + ((cp - 0x10000) & 0x3FF));
    }
    i += step.length;
  }
  return true;
}

}  // namespace

PasswordDigest::~PasswordDigest() { explicit_bzero(bytes.data(), bytes.size()); }

PasswordDigest::PasswordDigest(std::string_view password, breach_filter::KeyType type) {
  if (type == breach_filter::KeyType::sha1) {
    SHA_CTX context;
    SHA1_Init(&context);
    SHA1_Update(&context, password.data(), password.size());
    SHA1_Final(bytes.data(), &context);
    explicit_bzero(&context, sizeof context);  // it held the password's last block
    size = SHA_DIGEST_LENGTH;
  } else if (type == breach_filter::KeyType::ntlm) {
    Utf16Buffer utf16;
    if (!to_utf16le(password, utf16)) return;
    MD4(utf16.bytes.data(), utf16.size, bytes.data());
    size = MD4_DIGEST_LENGTH;
  }
}

}  // namespace pam_idaas::policy
