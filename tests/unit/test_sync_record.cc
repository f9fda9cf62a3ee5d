// The sync record (pam_module/sync_record.cc): what this host last knew to be
// the tenant's current password, per user and tenant, root only; a stored
// file that is not exactly what remember() writes gives no record.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "flow_fakes.h"
#include "pam_module/sync_record.h"

#include "cmocka_cpp.h"  // last: its macros clash with the C++ library

namespace {

using namespace flow_fakes;
namespace fs = std::filesystem;
using pam_idaas::module::SyncRecord;
using pam_idaas::module::SyncRecords;

const SyncRecord kRecord{"2026-11-02T09:14:00Z", "0123456789abcdef0123456789abcdef"};

struct World : Fakes {
  pam_idaas::config::Config config;

  World() : Fakes(kChangeConfig) {
    may_cache = true;  // root
    config.cache.directory = dir.path() + "/cache";
    config.tenant = pam_idaas::tenant::TenantSettings{};
    config.tenant->base_url = "https://tenant.example.com";
    config.tenant->client_id = "test-client";
  }

  std::optional<SyncRecords> records() { return SyncRecords::open(services(), config); }

  std::vector<fs::path> entries() const {
    std::vector<fs::path> found;
    std::error_code ignored;
    for (const auto& e : fs::directory_iterator(config.cache.directory, ignored)) {
      found.push_back(e.path());
    }
    return found;
  }
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void a_record_comes_back_as_remembered(void**) {
  World w;
  const auto records = w.records();
  assert_true(records.has_value());
  assert_false(records->recall("alice").has_value());
  records->remember("alice", kRecord);
  const auto back = records->recall("alice");
  assert_true(back.has_value());
  assert_true(*back == kRecord);
  // An empty pwd_change_at (a tenant that sends none) is a value like another.
  records->remember("bob", {"", kRecord.hash_fingerprint});
  assert_str_eq(records->recall("bob")->pwd_change_at, "");
  records->forget("alice");
  assert_false(records->recall("alice").has_value());
  assert_true(records->recall("bob").has_value());
}

void the_file_is_root_only_and_names_nobody(void**) {
  World w;
  w.records()->remember("alice", kRecord);
  struct stat dir {};
  assert_int_equal(stat(w.config.cache.directory.c_str(), &dir), 0);
  assert_int_equal(dir.st_mode & 0777, 0700);
  const auto entries = w.entries();
  assert_int_equal(entries.size(), 1);
  struct stat file {};
  assert_int_equal(stat(entries[0].c_str(), &file), 0);
  assert_int_equal(file.st_mode & 0777, 0600);
  const std::string name = entries[0].filename().string();
  assert_true(name.starts_with("sync-"));
  assert_int_equal(name.size(), 5 + 64);
  assert_true(read_text(entries[0]).find("alice") == std::string::npos);
  assert_str_eq(read_text(entries[0]),
                "pam_idaas sync 1\n2026-11-02T09:14:00Z\n0123456789abcdef0123456789abcdef\n");
}

void users_and_tenants_have_their_own_records(void**) {
  World w;
  w.records()->remember("alice", kRecord);
  assert_false(w.records()->recall("bob").has_value());
  assert_false(w.records()->recall("alice2").has_value());
  World other_client;
  other_client.config.cache.directory = w.config.cache.directory;
  other_client.config.tenant->client_id = "other-client";
  assert_false(other_client.records()->recall("alice").has_value());
  World other_tenant;
  other_tenant.config.cache.directory = w.config.cache.directory;
  other_tenant.config.tenant->base_url = "https://other.example.com";
  assert_false(other_tenant.records()->recall("alice").has_value());
  other_tenant.records()->remember("alice", {"x", kRecord.hash_fingerprint});
  assert_true(*w.records()->recall("alice") == kRecord);
  assert_int_equal(w.entries().size(), 2);
}

void a_hostile_or_corrupt_file_gives_no_record(void**) {
  const std::string magic = "pam_idaas sync 1\n";
  const std::string fp = kRecord.hash_fingerprint;
  const std::vector<std::string> hostile = {
      "",
      magic,
      magic + "t\n",
      magic + "t\n" + fp,                               // no final newline
      magic + "t\n" + fp + "\nextra\n",                 // trailing line
      magic + "t\n" + fp + "0\n",                       // 33 digits
      magic + "t\n" + fp.substr(1) + "\n",              // 31 digits
      magic + "t\n0123456789ABCDEF0123456789ABCDEF\n",  // upper case
      magic + "t\n0123456789abcdef0123456789abcdeg\n",
      magic + "t\x01\n" + fp + "\n",  // control character
      magic + "t\r\n" + fp + "\n",
      magic + std::string(65, 't') + "\n" + fp + "\n",  // too long
      magic + "\xc3\xa9\n" + fp + "\n",                 // not ASCII
      magic + "t\n" + fp + "\n" + std::string(1, '\0'),
      "pam_idaas sync 2\nt\n" + fp + "\n",
      "pam_idaas status 1\n1 1 0 0\n",
      std::string(70 * 1024, 'x'),  // beyond the bounded read
  };
  for (const std::string& text : hostile) {
    World w;
    w.records()->remember("alice", kRecord);
    std::ofstream(w.entries()[0], std::ios::trunc | std::ios::binary) << text;
    assert_false(w.records()->recall("alice").has_value());
    w.records()->remember("alice", kRecord);  // and a new record replaces it
    assert_true(*w.records()->recall("alice") == kRecord);
  }
}

void an_unsafe_file_gives_no_record(void**) {
  World open_file;
  open_file.records()->remember("alice", kRecord);
  chmod(open_file.entries()[0].c_str(), 0644);
  assert_false(open_file.records()->recall("alice").has_value());

  World link;
  link.records()->remember("alice", kRecord);
  const fs::path entry = link.entries()[0];
  fs::rename(entry, link.dir.path() + "/elsewhere");
  fs::create_symlink(link.dir.path() + "/elsewhere", entry);
  assert_false(link.records()->recall("alice").has_value());

  World open_dir;
  open_dir.records()->remember("alice", kRecord);
  chmod(open_dir.config.cache.directory.c_str(), 0755);
  assert_false(open_dir.records()->recall("alice").has_value());
}

void a_record_recall_would_refuse_is_not_written(void**) {
  const std::vector<SyncRecord> unfit = {
      {"t", ""},  // the host had no readable hash
      {"t", "0123456789ABCDEF0123456789ABCDEF"},
      {"t", kRecord.hash_fingerprint + "0"},
      {"t\nforged", kRecord.hash_fingerprint},
      {std::string(65, 't'), kRecord.hash_fingerprint},
  };
  for (const SyncRecord& record : unfit) {
    World w;
    w.records()->remember("alice", kRecord);
    w.records()->remember("alice", record);  // forgets what was there
    assert_false(w.records()->recall("alice").has_value());
    assert_true(w.entries().empty());
  }
}

void nothing_is_kept_without_root_a_directory_or_a_tenant(void**) {
  World user;
  user.may_cache = false;
  assert_false(user.records().has_value());
  assert_false(fs::exists(user.config.cache.directory));

  World no_directory;
  no_directory.config.cache.directory.clear();
  assert_false(no_directory.records().has_value());

  World no_tenant;
  no_tenant.config.tenant.reset();
  assert_false(no_tenant.records().has_value());
  assert_false(fs::exists(no_tenant.config.cache.directory));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_record_comes_back_as_remembered),
      cmocka_unit_test(the_file_is_root_only_and_names_nobody),
      cmocka_unit_test(users_and_tenants_have_their_own_records),
      cmocka_unit_test(a_hostile_or_corrupt_file_gives_no_record),
      cmocka_unit_test(an_unsafe_file_gives_no_record),
      cmocka_unit_test(a_record_recall_would_refuse_is_not_written),
      cmocka_unit_test(nothing_is_kept_without_root_a_directory_or_a_tenant),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
