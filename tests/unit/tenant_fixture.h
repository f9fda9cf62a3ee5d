// What the tenant client tests share: the fake tenant for the test group
// (started once, reset before each test), the client secret file, settings
// that reach the fake, and assertions that print the outcome's detail.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "fake_tenant.h"
#include "outcome_checks.h"
#include "tenant/client.h"

#include "cmocka_cpp.h"  // last: its macros clash with the C++ library

namespace tenant_test {

using namespace pam_idaas;
using namespace pam_idaas::tenant;

inline constexpr const char* kAliceId = "20201028102749564-9082-DC8CD2722";
inline constexpr const char* kAlicePassword = "Lantern#4821";
inline constexpr const char* kNewPassword = "Velvet#Ridge58";

struct Group {
  std::unique_ptr<FakeTenant> fake;
  std::string dir;          // scratch directory of the secret files
  std::string secret_file;  // "<dir>/secret": the fake's client secret, mode 0600
};
inline Group* group = nullptr;

inline const FakeTenant& fake() { return *group->fake; }

inline void write_file(const std::string& path, const std::string& content, mode_t mode) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  assert_int_equal(chmod(path.c_str(), mode), 0);
}

inline int start_fake(void**) {
  try {
    group = new Group{std::make_unique<FakeTenant>(), {}, {}};
  } catch (const std::exception& e) {
    print_message("cannot start the fake tenant: %s\n", e.what());
    return -1;
  }
  char dir[] = "/tmp/test_tenant.XXXXXX";
  if (mkdtemp(dir) == nullptr) return -1;
  group->dir = dir;
  group->secret_file = group->dir + "/secret";
  write_file(group->secret_file, "test-secret\n", 0600);
  return 0;
}

inline int stop_fake(void**) {
  std::error_code ignored;
  std::filesystem::remove_all(group->dir, ignored);
  delete group;
  return 0;
}

inline int reset_fake(void**) {
  fake().reset();
  return 0;
}

inline TenantSettings settings(unsigned budget_ms = 10000) {
  TenantSettings s;
  s.base_url = fake().url();
  s.client_id = "test-client";
  s.ca_file = fake().ca_file();
  s.connect_timeout_ms = 1000;
  s.budget_ms = budget_ms;
  return s;
}

inline std::unique_ptr<Client> client(const TenantSettings& s = settings()) {
  return std::make_unique<Client>(s, read_client_secret(group->secret_file));
}

inline void expect_contains(const std::string& text, const std::string& part) {
  if (text.find(part) == std::string::npos)
    print_message("\"%s\" lacks \"%s\"\n", text.c_str(), part.c_str());
  assert_true(text.find(part) != std::string::npos);
}

inline long long milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

inline std::string fake_password(const std::string& user) {
  return fake().user(user).at("password").get<std::string>();
}

}  // namespace tenant_test
