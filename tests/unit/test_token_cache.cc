// The token shared between PAM calls (tenant/token_cache.cc), with real
// clients against the fake tenant: a second client asks for no token; a
// token the tenant refuses, or one past its time, is replaced; another tenant
// or client id never reuses it; a file that is not root's own is not read.
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "base/cache_directory.h"
#include "tenant/token_cache.h"
#include "tenant_fixture.h"  // last: it ends with cmocka

using namespace tenant_test;
namespace fs = std::filesystem;

namespace {

std::string cache_dir() { return group->dir + "/cache"; }

std::unique_ptr<Client> cached_client(const TenantSettings& s = settings()) {
  return std::make_unique<Client>(s, read_client_secret(group->secret_file), cache_dir());
}

fs::path entry_of(const TenantSettings& s) {
  return fs::path(cache_dir()) /
         pam_idaas::files::entry_name("token", s.base_url + "\n" + s.client_id);
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int fresh(void** state) {
  std::error_code ignored;
  fs::remove_all(cache_dir(), ignored);
  return reset_fake(state);
}

void a_second_client_reuses_the_token(void**) {
  expect(cached_client()->find_user("alice").outcome, Status::ok);
  assert_int_equal(fake().count_requests("token"), 1);
  for (int i = 0; i < 5; ++i) expect(cached_client()->find_user("alice").outcome, Status::ok);
  assert_int_equal(fake().count_requests("token"), 1);
  assert_int_equal(fake().count_requests("user"), 6);
  // The entry: root's alone, in a root-only directory, in the documented format.
  struct stat file {};
  assert_int_equal(stat(entry_of(settings()).c_str(), &file), 0);
  assert_int_equal(file.st_mode & 0777, 0600);
  struct stat dir {};
  assert_int_equal(stat(cache_dir().c_str(), &dir), 0);
  assert_int_equal(dir.st_mode & 0777, 0700);
  assert_true(read_text(entry_of(settings())).starts_with("pam_idaas token 1\n"));
}

void without_a_cache_every_client_asks(void**) {
  for (int i = 0; i < 3; ++i) expect(client()->find_user("alice").outcome, Status::ok);
  assert_int_equal(fake().count_requests("token"), 3);
  assert_false(fs::exists(cache_dir()));
}

void a_refused_token_is_replaced_in_the_cache(void**) {
  expect(cached_client()->find_user("alice").outcome, Status::ok);
  const std::string before = read_text(entry_of(settings()));
  fake().control("POST", "/_fake/expire-tokens");
  expect(cached_client()->find_user("alice").outcome, Status::ok);  // 401, new token, again
  assert_int_equal(fake().count_requests("token"), 2);
  assert_true(read_text(entry_of(settings())) != before);
  expect(cached_client()->find_user("alice").outcome, Status::ok);
  assert_int_equal(fake().count_requests("token"), 2);
}

void a_token_past_its_time_is_not_used(void**) {
  const TokenCache cache(cache_dir(), settings());
  expect(cached_client()->find_user("alice").outcome, Status::ok);
  auto stored = cache.load();
  assert_true(stored.has_value());
  // Due for renewal a second ago; then one claiming to be fresh for longer than a token lives.
  for (auto refresh_at :
       {std::chrono::system_clock::now() - std::chrono::seconds(1),
        std::chrono::system_clock::now() + stored->lifetime + std::chrono::seconds(60)}) {
    stored->refresh_at = refresh_at;
    cache.store(*stored);
    assert_false(cache.load().has_value());
  }
  expect(cached_client()->find_user("alice").outcome, Status::ok);
  assert_int_equal(fake().count_requests("token"), 2);
  assert_true(cache.load().has_value());
}

void another_tenant_or_client_id_does_not_reuse_it(void**) {
  expect(cached_client()->find_user("alice").outcome, Status::ok);
  TenantSettings other = settings();
  other.client_id = "other-client";  // unknown to the fake: its token request fails
  expect(cached_client(other)->find_user("alice").outcome, Status::misconfigured);
  assert_int_equal(fake().count_requests("token"), 2);
  TenantSettings by_name = settings();
  by_name.base_url.replace(by_name.base_url.find("127.0.0.1"), 9, "localhost");
  expect(cached_client(by_name)->find_user("alice").outcome, Status::ok);
  assert_int_equal(fake().count_requests("token"), 3);
  assert_true(entry_of(by_name) != entry_of(settings()));
}

void a_file_others_may_read_is_not_trusted(void**) {
  expect(cached_client()->find_user("alice").outcome, Status::ok);
  assert_int_equal(chmod(entry_of(settings()).c_str(), 0644), 0);
  expect(cached_client()->find_user("alice").outcome, Status::ok);
  assert_int_equal(fake().count_requests("token"), 2);
  struct stat file {};
  assert_int_equal(stat(entry_of(settings()).c_str(), &file), 0);
  assert_int_equal(file.st_mode & 0777, 0600);  // replaced by a private one
}

void garbage_in_the_file_costs_one_token_request(void**) {
  expect(cached_client()->find_user("alice").outcome, Status::ok);
  for (const char* garbage : {"", "pam_idaas token 1\n", "pam_idaas token 1\n1\n2\nBearer\n",
                              "pam_idaas token 1\nx\n1800\nBearer\nabc\n",
                              "pam_idaas token 1\n99999999999\n1800\nBearer\nabc\nmore\n"}) {
    std::ofstream(entry_of(settings()), std::ios::trunc) << garbage;
    const auto before = fake().count_requests("token");
    expect(cached_client()->find_user("alice").outcome, Status::ok);
    assert_int_equal(fake().count_requests("token"), before + 1);
  }
}

}  // namespace

#define CACHE_TEST(name) cmocka_unit_test_setup(name, fresh)

int main() {
  const struct CMUnitTest tests[] = {
      CACHE_TEST(a_second_client_reuses_the_token),
      CACHE_TEST(without_a_cache_every_client_asks),
      CACHE_TEST(a_refused_token_is_replaced_in_the_cache),
      CACHE_TEST(a_token_past_its_time_is_not_used),
      CACHE_TEST(another_tenant_or_client_id_does_not_reuse_it),
      CACHE_TEST(a_file_others_may_read_is_not_trusted),
      CACHE_TEST(garbage_in_the_file_costs_one_token_request),
  };
  return cmocka_run_group_tests(tests, start_fake, stop_fake);
}
