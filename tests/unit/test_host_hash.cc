// The host hash's setting (pam_module/host_hash.cc): the method and cost of the
// user's current hash with a fresh salt when libxcrypt rates it fine, its
// default method otherwise; the hash made with it verifies; the fingerprint;
// the user names the shadow writer refuses (pam_module/shadow_writer.cc).
#include <crypt.h>

#include <memory>
#include <string>
#include <vector>

#include "pam_module/host_hash.h"
#include "pam_module/shadow_writer.h"

#include "cmocka_cpp.h"  // last: its macros clash with the C++ library

namespace {

using namespace pam_idaas::module;

constexpr const char* kPassword = "Velvet#Ridge58";

std::string gensalt(const char* prefix, unsigned long count) {
  char out[CRYPT_GENSALT_OUTPUT_SIZE];
  const char* setting = crypt_gensalt_rn(prefix, count, nullptr, 0, out, sizeof out);
  assert_non_null(setting);
  return setting;
}

// A user's current hash, as the host's pam_unix would have made it.
std::string current_hash(const std::string& setting) {
  std::string hash(hash_with("Old#Password1", setting));
  assert_false(hash.empty());
  return hash;
}

std::vector<std::string> fields(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  for (std::size_t end; (end = text.find('$', at)) != std::string::npos; at = end + 1) {
    out.push_back(text.substr(at, end - at));
  }
  out.push_back(text.substr(at));
  return out;
}

bool verifies(const std::string& password, const std::string& hash) {
  auto work = std::make_unique<crypt_data>();
  const char* again = crypt_rn(password.c_str(), hash.c_str(), work.get(), sizeof *work);
  return again != nullptr && hash == again;
}

// "$y$", "$6$": the method part of libxcrypt's default setting.
std::string default_method() { return "$" + fields(gensalt(nullptr, 0))[1] + "$"; }

void a_yescrypt_hash_keeps_its_parameters_with_a_new_salt(void**) {
  for (unsigned long cost : {3UL, 5UL, 8UL}) {
    const std::string current = current_hash(gensalt("$y$", cost));
    const std::string setting = new_setting(current);
    const auto old_fields = fields(current), new_fields = fields(setting);
    assert_int_equal(new_fields.size(), 4);
    assert_str_eq(new_fields[1], "y");
    assert_str_eq(new_fields[2], old_fields[2]);  // N, r, p and flags as they were
    assert_int_equal(new_fields[3].size(), old_fields[3].size());
    assert_true(new_fields[3] != old_fields[3]);
    const std::string hash(hash_with(kPassword, setting));
    assert_true(hash.starts_with(setting));
    assert_true(verifies(kPassword, hash));
  }
}

void gost_yescrypt_keeps_its_parameters(void**) {
  const std::string current = current_hash(gensalt("$gy$", 0));
  const std::string setting = new_setting(current);
  assert_true(setting.starts_with("$gy$" + fields(current)[2] + "$"));
  assert_true(verifies(kPassword, std::string(hash_with(kPassword, setting))));
}

void sha512_keeps_its_rounds(void**) {
  const std::string current = current_hash("$6$rounds=7000$abcdefgh");
  const std::string setting = new_setting(current);
  assert_true(setting.starts_with("$6$rounds=7000$"));
  assert_true(setting != "$6$rounds=7000$abcdefgh");
  assert_true(verifies(kPassword, std::string(hash_with(kPassword, setting))));
  // Without rounds=: the default 5000, still SHA-512.
  const std::string plain = new_setting(current_hash("$6$abcdefgh"));
  assert_true(plain.starts_with("$6$"));
  assert_true(plain.find("rounds=") == std::string::npos);
  assert_true(plain != "$6$abcdefgh");
}

void bcrypt_keeps_its_cost(void**) {
  const std::string setting = new_setting(current_hash(gensalt("$2b$", 5)));
  assert_true(setting.starts_with("$2b$05$"));
  assert_true(verifies(kPassword, std::string(hash_with(kPassword, setting))));
}

void weak_or_unknown_methods_get_the_default_method(void**) {
  const std::vector<std::string> weak = {
      current_hash("$1$abcdefgh"),  // MD5
      current_hash("ab"),           // DES
      "$z$unknown$method",          // no such method
      "$y$",                        // libxcrypt's prefix without the fields
      "$y$bad!params$abcdefghijklmnopqrstuv$x",
      "$6$rounds=many$abcdefgh$x",
      "",
      "garbage with spaces",
  };
  for (const std::string& current : weak) {
    const std::string setting = new_setting(current);
    assert_true(setting.starts_with(default_method()));
    assert_true(verifies(kPassword, std::string(hash_with(kPassword, setting))));
  }
}

void each_new_hash_has_its_own_salt_and_verifies(void**) {
  const std::string current = current_hash(gensalt(nullptr, 0));
  const std::string first(new_host_hash(kPassword, current));
  const std::string second(new_host_hash(kPassword, current));
  assert_true(first != second);
  assert_true(verifies(kPassword, first));
  assert_true(verifies(kPassword, second));
  assert_false(verifies("velvet#Ridge58", first));
  assert_true(first.starts_with(default_method()));
}

void the_fingerprint_is_32_hex_digits_of_sha256(void**) {
  assert_str_eq(hash_fingerprint_of("abc"), "ba7816bf8f01cfea414140de5dae2223");
  const std::string hash = current_hash(gensalt(nullptr, 0));
  const std::string print = hash_fingerprint_of(hash);
  assert_int_equal(print.size(), 32);
  assert_str_eq(print, hash_fingerprint_of(hash));
  assert_true(print != hash_fingerprint_of(hash + "x"));
  assert_true(hash.find(print) == std::string::npos);
}

void names_a_shadow_line_cannot_hold_are_refused(void**) {
  for (const char* bad : {"", "a:b", "alice\n", "ali\nce", "tab\tname", "del\x7f", "\x1b[2J"}) {
    assert_false(fit_for_shadow_line(bad));
  }
  for (const char* fine : {"alice", "a.b-c_d", "jürgen", "user$", "x"}) {
    assert_true(fit_for_shadow_line(fine));
  }
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_yescrypt_hash_keeps_its_parameters_with_a_new_salt),
      cmocka_unit_test(gost_yescrypt_keeps_its_parameters),
      cmocka_unit_test(sha512_keeps_its_rounds),
      cmocka_unit_test(bcrypt_keeps_its_cost),
      cmocka_unit_test(weak_or_unknown_methods_get_the_default_method),
      cmocka_unit_test(each_new_hash_has_its_own_salt_and_verifies),
      cmocka_unit_test(the_fingerprint_is_32_hex_digits_of_sha256),
      cmocka_unit_test(names_a_shadow_line_cannot_hold_are_refused),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
