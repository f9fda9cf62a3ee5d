// The account check's status cache (pam_module/status_cache.cc) through the
// account flow: within its lifetime a user's logins ask the tenant once; what
// would force a change, and a tenant that failed, are never kept; a change
// through the module forgets; an unsafe directory or a caller that is not
// root keeps nothing.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "flow_fakes.h"
#include "pam_module/account.h"
#include "pam_module/change.h"

#include "cmocka_cpp.h"  // last: its macros clash with the C++ library

namespace {

using namespace flow_fakes;
namespace fs = std::filesystem;

std::string cached_config(const std::string& extra = "") {
  return std::string(kChangeConfig) + "cache:\n  directory: @DIR@/cache\n" + extra;
}

struct World : ChangeWorld {
  explicit World(const std::string& yaml = cached_config()) : ChangeWorld(yaml) {
    may_cache = true;  // root, as sshd and login are
    tenant.add("bob", "Initial#Set42", true);
  }

  Result check(const std::string& user) {
    host.user_name = user;
    return check_account(services(), args);
  }

  std::string cache_dir() const { return dir.path() + "/cache"; }

  std::vector<fs::path> entries() const {
    std::vector<fs::path> found;
    std::error_code ignored;
    for (const auto& e : fs::directory_iterator(cache_dir(), ignored)) found.push_back(e.path());
    return found;
  }
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Rewrites the one entry as if written `age_s` seconds ago (negative: ahead of the clock).
void age_the_entry(const World& w, long long age_s) {
  const auto entries = w.entries();
  assert_int_equal(entries.size(), 1);
  std::string text = read_text(entries[0]);
  const std::size_t line = text.find('\n') + 1;
  const std::size_t space = text.find(' ', line);
  const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  text.replace(line, space - line, std::to_string(now - age_s));
  std::ofstream(entries[0], std::ios::trunc) << text;
}

void a_thousand_logins_ask_the_tenant_once(void**) {
  World w;
  for (int i = 0; i < 1000; ++i) assert_int_equal(w.check("alice"), Result::success);
  assert_int_equal(w.tenant.lookups, 1);
  assert_int_equal(w.connections, 1);
}

void the_entry_is_root_only_and_names_nobody(void**) {
  World w;
  assert_int_equal(w.check("alice"), Result::success);
  struct stat dir {};
  assert_int_equal(stat(w.cache_dir().c_str(), &dir), 0);
  assert_int_equal(dir.st_mode & 0777, 0700);
  const auto entries = w.entries();
  assert_int_equal(entries.size(), 1);
  struct stat file {};
  assert_int_equal(stat(entries[0].c_str(), &file), 0);
  assert_int_equal(file.st_mode & 0777, 0600);
  const std::string name = entries[0].filename().string();
  assert_true(name.starts_with("status-"));
  assert_int_equal(name.size(), 7 + 64);
  assert_true(name.find("alice") == std::string::npos);
  assert_true(read_text(entries[0]).find("alice") == std::string::npos);
}

void an_unknown_user_is_kept_too(void**) {
  World w;
  assert_int_equal(w.check("nosuchuser"), Result::ignore);
  assert_int_equal(w.check("nosuchuser"), Result::ignore);
  assert_int_equal(w.tenant.lookups, 1);
}

void disabled_is_kept_and_still_denied(void**) {
  World w;
  w.tenant.users["alice"].record.disabled = true;
  assert_int_equal(w.check("alice"), Result::permission_denied);
  w.host.errors.clear();
  assert_int_equal(w.check("alice"), Result::permission_denied);
  assert_false(w.host.errors.empty());  // the user hears why, from the cache as well
  assert_int_equal(w.tenant.lookups, 1);
}

void must_modify_is_never_kept(void**) {
  World w;
  assert_int_equal(w.check("bob"), Result::new_authtok_required);
  assert_int_equal(w.check("bob"), Result::new_authtok_required);
  assert_int_equal(w.tenant.lookups, 2);
  assert_true(w.entries().empty());
}

void a_failed_check_is_not_kept(void**) {
  World w;
  w.tenant.lookup_failure = MemoryTenant::failure(pam_idaas::tenant::Status::unavailable);
  assert_int_equal(w.check("alice"), Result::ignore);
  w.tenant.lookup_failure.reset();
  w.tenant.users["alice"].record.pwd_must_modify = true;
  assert_int_equal(w.check("alice"), Result::new_authtok_required);
  assert_int_equal(w.tenant.lookups, 2);
}

void an_old_entry_or_one_from_the_future_is_not_trusted(void**) {
  for (long long age : {60LL, 3600LL, -5LL}) {
    World w;
    assert_int_equal(w.check("alice"), Result::success);
    age_the_entry(w, age);
    w.tenant.users["alice"].record.pwd_must_modify = true;
    assert_int_equal(w.check("alice"), Result::new_authtok_required);
    assert_int_equal(w.tenant.lookups, 2);
  }
  World fresh;  // and one just inside its lifetime is
  assert_int_equal(fresh.check("alice"), Result::success);
  age_the_entry(fresh, 58);
  assert_int_equal(fresh.check("alice"), Result::success);
  assert_int_equal(fresh.tenant.lookups, 1);
}

void a_corrupt_entry_is_asked_again_and_replaced(void**) {
  for (const char* garbage : {"", "pam_idaas status 1\n", "pam_idaas status 1\nx 1 0 0\n",
                              "pam_idaas status 1\n1 1 0 0\nextra\n", "\xff\xfe\n"}) {
    World w;
    assert_int_equal(w.check("alice"), Result::success);
    std::ofstream(w.entries()[0], std::ios::trunc) << garbage;
    assert_int_equal(w.check("alice"), Result::success);
    assert_int_equal(w.tenant.lookups, 2);
    assert_int_equal(w.check("alice"), Result::success);
    assert_int_equal(w.tenant.lookups, 2);  // rewritten well-formed
  }
}

// Version 2 added pwd_change_at: an entry of an older module is asked again, never misread.
void an_entry_of_another_version_is_asked_again(void**) {
  World w;
  assert_int_equal(w.check("alice"), Result::success);
  std::string text = read_text(w.entries()[0]);
  assert_true(text.starts_with("pam_idaas status 2\n"));
  assert_true(text.ends_with("\n" + w.tenant.users["alice"].record.pwd_change_at + "\n"));
  const std::string numbers = text.substr(19, text.find('\n', 19) - 19 + 1);
  std::ofstream(w.entries()[0], std::ios::trunc) << "pam_idaas status 1\n" << numbers;
  w.tenant.users["alice"].record.pwd_must_modify = true;
  assert_int_equal(w.check("alice"), Result::new_authtok_required);
  assert_int_equal(w.tenant.lookups, 2);
  // A version 2 entry cut short of its pwd_change_at line is not read either.
  w.tenant.users["alice"].record.pwd_must_modify = false;
  assert_int_equal(w.check("alice"), Result::success);
  std::ofstream(w.entries()[0], std::ios::trunc) << "pam_idaas status 2\n" << numbers;
  assert_int_equal(w.check("alice"), Result::success);
  assert_int_equal(w.tenant.lookups, 4);
}

void a_change_through_the_module_forgets_the_status(void**) {
  World w;
  assert_int_equal(w.check("alice"), Result::success);
  assert_int_equal(w.entries().size(), 1);
  w.caller = {true, false};  // root resets: must_modify follows
  w.host.user_name = "alice";
  w.type({"Velvet#Ridge58", "Velvet#Ridge58"});
  assert_int_equal(w.run(), Result::success);
  assert_true(w.entries().empty());
  assert_int_equal(w.check("alice"), Result::new_authtok_required);
}

void users_and_tenants_have_their_own_entries(void**) {
  World w;
  assert_int_equal(w.check("alice"), Result::success);
  assert_int_equal(w.check("nosuchuser"), Result::ignore);
  assert_int_equal(w.entries().size(), 2);
  // Another client id in the same directory: nothing of the first is reused.
  std::string yaml = kChangeConfig;
  yaml.replace(yaml.find("test-client"), 11, "other-client");
  World other(yaml + "cache:\n  directory: " + w.cache_dir() + "\n");
  assert_int_equal(other.check("alice"), Result::success);
  assert_int_equal(other.tenant.lookups, 1);
  assert_int_equal(w.entries().size(), 3);
}

void nothing_is_kept_when_switched_off_or_not_root(void**) {
  World zero(cached_config("  account_seconds: 0\n"));
  assert_int_equal(zero.check("alice"), Result::success);
  assert_int_equal(zero.check("alice"), Result::success);
  assert_int_equal(zero.tenant.lookups, 2);
  assert_true(zero.entries().empty());
  assert_false(zero.token_cache_directory.empty());  // the token is still shared

  World none(std::string(kChangeConfig) + "cache:\n  directory: \"\"\n");
  assert_int_equal(none.check("alice"), Result::success);
  assert_int_equal(none.check("alice"), Result::success);
  assert_int_equal(none.tenant.lookups, 2);
  assert_true(none.token_cache_directory.empty());

  World user;
  user.may_cache = false;
  assert_int_equal(user.check("alice"), Result::success);
  assert_int_equal(user.check("alice"), Result::success);
  assert_int_equal(user.tenant.lookups, 2);
  assert_false(fs::exists(user.cache_dir()));
  assert_true(user.token_cache_directory.empty());
}

void an_unsafe_directory_is_not_used(void**) {
  World open_dir;
  fs::create_directory(open_dir.cache_dir());
  chmod(open_dir.cache_dir().c_str(), 0755);
  assert_int_equal(open_dir.check("alice"), Result::success);
  assert_int_equal(open_dir.check("alice"), Result::success);
  assert_int_equal(open_dir.tenant.lookups, 2);
  assert_true(open_dir.entries().empty());

  World link;
  fs::create_directory(link.dir.path() + "/elsewhere");
  chmod((link.dir.path() + "/elsewhere").c_str(), 0700);
  fs::create_directory_symlink(link.dir.path() + "/elsewhere", link.cache_dir());
  assert_int_equal(link.check("alice"), Result::success);
  assert_int_equal(link.check("alice"), Result::success);
  assert_int_equal(link.tenant.lookups, 2);
  assert_true(fs::is_empty(link.dir.path() + "/elsewhere"));
}

// Another user could rename the directory away and put their own in its place
// (issue 18, item 9: the check the history directory shares).
void a_directory_below_a_parent_others_may_write_is_not_used(void**) {
  World w(std::string(kChangeConfig) + "cache:\n  directory: @DIR@/open/cache\n");
  const std::string open = w.dir.path() + "/open";
  fs::create_directory(open);
  chmod(open.c_str(), 0777);
  assert_int_equal(w.check("alice"), Result::success);
  assert_int_equal(w.check("alice"), Result::success);
  assert_int_equal(w.tenant.lookups, 2);
  assert_true(fs::is_empty(open + "/cache"));
}

void the_login_waits_briefly_for_the_tenant(void**) {
  World w;
  assert_int_equal(w.check("alice"), Result::success);
  assert_int_equal(w.connected_with.budget_ms, 3000);  // not the 20 s of a password change
  assert_int_equal(w.connected_with.connect_timeout_ms, 3000);
  World quick(cached_config("account:\n  budget_ms: 500\n"));
  assert_int_equal(quick.check("alice"), Result::success);
  assert_int_equal(quick.connected_with.budget_ms, 500);
  assert_int_equal(quick.connected_with.connect_timeout_ms, 500);
  World change;
  change.type({"Lantern#4821", "Velvet#Ridge58", "Velvet#Ridge58"});
  change.host.user_name = "alice";
  assert_int_equal(change.run(), Result::success);
  assert_int_equal(change.connected_with.budget_ms, 20000);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_thousand_logins_ask_the_tenant_once),
      cmocka_unit_test(the_entry_is_root_only_and_names_nobody),
      cmocka_unit_test(an_unknown_user_is_kept_too),
      cmocka_unit_test(disabled_is_kept_and_still_denied),
      cmocka_unit_test(must_modify_is_never_kept),
      cmocka_unit_test(a_failed_check_is_not_kept),
      cmocka_unit_test(an_old_entry_or_one_from_the_future_is_not_trusted),
      cmocka_unit_test(a_corrupt_entry_is_asked_again_and_replaced),
      cmocka_unit_test(an_entry_of_another_version_is_asked_again),
      cmocka_unit_test(a_change_through_the_module_forgets_the_status),
      cmocka_unit_test(users_and_tenants_have_their_own_entries),
      cmocka_unit_test(nothing_is_kept_when_switched_off_or_not_root),
      cmocka_unit_test(an_unsafe_directory_is_not_used),
      cmocka_unit_test(a_directory_below_a_parent_others_may_write_is_not_used),
      cmocka_unit_test(the_login_waits_briefly_for_the_tenant),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
