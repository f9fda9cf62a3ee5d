// The breached-password filter: what goes in is found, what does not is
// (nearly) never found, every input format reads, and a damaged file is
// refused with a message instead of being read out of bounds.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "cli/breach_filter_build.h"
#include "cmocka_cpp.h"
#include "policy/breach_filter.h"
#include "policy/password_digest.h"
#include "policy/policy.h"

using namespace pam_idaas::policy;
using breach_filter::BuildError;
using breach_filter::Header;
using breach_filter::InputFormat;
using breach_filter::KeyReader;
using breach_filter::KeyType;

namespace {

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (char byte : bytes) {
    const auto c = static_cast<unsigned char>(byte);
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::vector<std::uint64_t> random_keys(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<std::uint64_t> keys(n);
  for (auto& k : keys) k = random();
  return keys;
}

// The filter of `lines` as the admin tool reads them.
std::string filter_of(std::string_view lines, InputFormat format = InputFormat::automatic) {
  KeyReader reader(format);
  reader.add_lines(lines, true);
  return breach_filter::filter_bytes(reader.keys(), reader.key_type());
}

std::string expect_refused(std::string_view bytes) {
  try {
    BreachFilter::over(bytes, "test.filter");
  } catch (const BreachFilterError& e) {
    return e.what();
  }
  fail_msg("a damaged filter was accepted");
  return {};
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// Rewrites a header field and its checksum, as a careless tool might.
std::string with_header(std::string bytes, void (*edit)(Header&)) {
  Header h;
  std::memcpy(&h, bytes.data(), sizeof h);
  edit(h);
  h.header_checksum = breach_filter::checksum(
      {reinterpret_cast<const char*>(&h), breach_filter::kHeaderChecksummed});
  std::memcpy(bytes.data(), &h, sizeof h);
  return bytes;
}

void digests_match_the_published_corpora(void**) {
  assert_str_eq(hex(PasswordDigest("password", KeyType::sha1).view()),
                "5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8");
  assert_str_eq(hex(PasswordDigest("password", KeyType::ntlm).view()),
                "8846f7eaee8fb117ad06bdd830b7586c");
  assert_int_equal(PasswordDigest("\xff", KeyType::ntlm).size, 0);  // no UTF-16 for invalid UTF-8
}

void every_member_is_found_and_strangers_almost_never(void**) {
  auto keys = random_keys(200'000, 1);
  const std::vector<std::uint64_t> members = keys;
  const std::string bytes = breach_filter::filter_bytes(keys, KeyType::sha1);
  const BreachFilter filter = BreachFilter::over(bytes, "random.filter");
  assert_int_equal(filter.entries(), members.size());
  std::string digest(20, '\0');
  for (std::uint64_t key : members) {
    std::memcpy(digest.data(), &key, 8);
    assert_true(filter.contains_digest(digest));
  }
  std::size_t false_positives = 0;
  for (std::uint64_t key : random_keys(1'000'000, 2)) {
    std::memcpy(digest.data(), &key, 8);
    false_positives += filter.contains_digest(digest);
  }
  // 2^-16 expected: about 15 in a million; 100 would be 6.5 times that.
  assert_true(false_positives <= 100);
  const double bits = 8.0 * static_cast<double>(bytes.size()) / static_cast<double>(members.size());
  assert_true(bits <= 20.0);
}

void tiny_sets_build_too(void**) {
  for (std::size_t n : {1u, 2u, 3u, 7u, 100u}) {
    auto keys = random_keys(n, n);
    const auto members = keys;
    const std::string bytes = breach_filter::filter_bytes(keys, KeyType::sha1);
    const BreachFilter filter = BreachFilter::over(bytes, "tiny");
    std::string digest(20, '\0');
    for (std::uint64_t key : members) {
      std::memcpy(digest.data(), &key, 8);
      assert_true(filter.contains_digest(digest));
    }
  }
}

void plain_sha1_and_ntlm_lists_all_work(void**) {
  const std::string plain = filter_of("Lantern#4821\r\n\nqwerty123\n密码Пароль2024");
  const BreachFilter a = BreachFilter::over(plain, "plain");
  assert_int_equal(a.key_type(), KeyType::sha1);
  assert_int_equal(a.entries(), 3);
  for (const char* p : {"Lantern#4821", "qwerty123", "密码Пароль2024"}) assert_true(a.contains(p));
  assert_false(a.contains("lantern#4821"));  // as typed: corpora are case-sensitive
  assert_false(a.contains("Lantern#4821\r"));

  // HIBP's shape: upper-case hex and a count.
  std::string hibp;
  for (const char* p : {"Harbor!7735Kq", "Meadow$2290"}) {
    std::string h = hex(PasswordDigest(p, KeyType::sha1).view());
    for (auto& c : h) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    hibp += h + ":" + std::to_string(h.size()) + "\n";
  }
  const std::string sha1 = filter_of(hibp);
  const BreachFilter b = BreachFilter::over(sha1, "sha1");
  assert_true(b.contains("Harbor!7735Kq") && b.contains("Meadow$2290"));

  const std::string ntlm_lines = hex(PasswordDigest("Winter2024!", KeyType::ntlm).view()) + "\n" +
                                 hex(PasswordDigest("密码😀2024", KeyType::ntlm).view()) + ":9\n";
  const std::string ntlm = filter_of(ntlm_lines);
  const BreachFilter c = BreachFilter::over(ntlm, "ntlm");
  assert_int_equal(c.key_type(), KeyType::ntlm);
  assert_true(c.contains("Winter2024!") && c.contains("密码😀2024"));
  assert_false(c.contains("winter2024!"));
}

void a_line_of_another_form_is_named(void**) {
  KeyReader reader;
  reader.add_line("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3861493");
  try {
    reader.add_line("hunter2");
    fail_msg("a plain line in a SHA-1 list was accepted");
  } catch (const BuildError& e) {
    assert_true(contains(e.what(), "line 2"));
    assert_true(contains(e.what(), "--format plain"));
  }
  KeyReader plain(InputFormat::plain);  // a forced format reads hex as a password
  plain.add_line("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8");
  assert_int_equal(plain.key_type(), KeyType::sha1);
  std::vector<std::uint64_t> none;
  try {
    breach_filter::filter_bytes(none, KeyType::sha1);
    fail_msg("an empty list built a filter");
  } catch (const BuildError& e) {
    assert_true(contains(e.what(), "no passwords"));
  }
}

void lines_split_across_reads_are_joined_by_the_caller(void**) {
  KeyReader reader;
  const std::string_view data = "alpha-one\nbravo-two\ncharlie";
  const std::size_t used = reader.add_lines(data, false);
  assert_int_equal(used, std::string_view("alpha-one\nbravo-two\n").size());
  assert_int_equal(reader.keys().size(), 2);
  reader.add_lines("charlie-three", true);
  assert_int_equal(reader.keys().size(), 3);
}

void the_same_list_gives_the_same_file(void**) {
  auto a = random_keys(5000, 3);
  auto b = a;
  std::reverse(b.begin(), b.end());
  b.push_back(b.front());  // a duplicate changes nothing
  assert_true(breach_filter::filter_bytes(a, KeyType::sha1) ==
              breach_filter::filter_bytes(b, KeyType::sha1));
}

void damaged_files_are_refused_with_a_reason(void**) {
  const std::string good = filter_of("one-password\ntwo-password\nthree-password\n");
  assert_true(contains(expect_refused(""), "truncated"));
  assert_true(contains(expect_refused(good.substr(0, 63)), "truncated"));
  assert_true(contains(expect_refused(good.substr(0, good.size() - 1)), "truncated or padded"));
  assert_true(contains(expect_refused(good + "xx"), "truncated or padded"));
  std::string magic = good;
  magic[0] = 'X';
  assert_true(contains(expect_refused(magic), "not a pam-idaas filter"));
  std::string header = good;
  header[20] ^= 1;  // the seed
  assert_true(contains(expect_refused(header), "checksum"));
  assert_true(contains(expect_refused(with_header(good, [](Header& h) { h.version = 9; })),
                       "format version 9"));
  assert_true(contains(expect_refused(with_header(good, [](Header& h) { h.key_type = 7; })),
                       "unknown key type"));
  assert_true(contains(expect_refused(with_header(good, [](Header& h) { h.segment_length = 3; })),
                       "impossible geometry"));
  assert_true(
      contains(expect_refused(with_header(good, [](Header& h) { h.segment_count = 1u << 31; })),
               "sizes disagree"));

  std::string body = good;
  body[sizeof(Header) + 3] ^= 0x40;
  const BreachFilter opened = BreachFilter::over(body, "test.filter");  // O(1) checks pass
  try {
    opened.verify();
    fail_msg("a damaged body passed verify()");
  } catch (const BreachFilterError& e) {
    assert_true(contains(e.what(), "do not match the checksum"));
  }
  BreachFilter::over(good, "good").verify();
}

void files_are_written_whole_and_mapped(void**) {
  char dir[] = "/tmp/test_breach_filter.XXXXXX";
  assert_non_null(mkdtemp(dir));
  const std::string path = std::string(dir) + "/breached.filter";
  KeyReader reader;
  reader.add_lines("Granite+Owl73\nSpiral%Moon88\n", true);
  const auto built = breach_filter::write_filter(reader.keys(), reader.key_type(), path);
  struct stat st {};
  assert_int_equal(stat(path.c_str(), &st), 0);
  assert_int_equal(static_cast<std::uint64_t>(st.st_size), built.bytes);
  assert_int_equal(st.st_mode & 0777, 0644);
  {
    const BreachFilter filter(path);
    assert_true(filter.contains("Granite+Owl73"));
    filter.verify();

    PolicySettings settings;
    settings.weak_passwords.filters = {path};
    const Policy policy(settings);
    assert_true(policy.check("Granite+Owl73", {}).has(Rule::weak));
    assert_false(policy.check("Granite+Owl74", {}).has(Rule::weak));
  }
  try {
    BreachFilter missing(std::string(dir) + "/missing.filter");
    fail_msg("a missing filter opened");
  } catch (const BreachFilterError& e) {
    assert_true(contains(e.what(), "missing.filter cannot be opened"));
  }
  PolicySettings broken;
  broken.weak_passwords.filters = {std::string(dir)};
  try {
    Policy policy(broken);
    fail_msg("a directory was taken for a filter");
  } catch (const WeakListError& e) {
    assert_true(contains(e.what(), "not a regular file"));
  }
  std::remove(path.c_str());
  rmdir(dir);
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(digests_match_the_published_corpora),
      cmocka_unit_test(every_member_is_found_and_strangers_almost_never),
      cmocka_unit_test(tiny_sets_build_too),
      cmocka_unit_test(plain_sha1_and_ntlm_lists_all_work),
      cmocka_unit_test(a_line_of_another_form_is_named),
      cmocka_unit_test(lines_split_across_reads_are_joined_by_the_caller),
      cmocka_unit_test(the_same_list_gives_the_same_file),
      cmocka_unit_test(damaged_files_are_refused_with_a_reason),
      cmocka_unit_test(files_are_written_whole_and_mapped),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
