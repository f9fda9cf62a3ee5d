// The sync records as entry.cc opens them (open_sync_records, pam_module/sync_store.h): a
// round trip per tenant and user, nothing for a caller that is not root or without a cache
// directory, and no entry that is not well formed. A contract for whatever store is behind.
#include <filesystem>
#include <fstream>
#include <string>

#include "flow_fakes.h"
#include "pam_module/sync_store.h"

#include "cmocka_cpp.h"  // last: its macros clash with the C++ library

namespace {

using namespace flow_fakes;
namespace fs = std::filesystem;

std::string cached(const std::string& client = "test-client") {
  return "cache:\n  directory: @DIR@/cache\ntenant:\n  base_url: https://tenant.example.com\n"
         "  client_id: " +
         client + "\n";
}

pam_idaas::config::Config load(const Fakes& f) {
  auto loaded = pam_idaas::config::load_file(f.args.config_path);
  assert_true(loaded.ok());
  return loaded.config;
}

void a_record_comes_back_as_it_was_kept(void**) {
  Fakes f(cached());
  f.may_cache = true;
  const auto store = open_sync_records(f.services(), load(f));
  assert_non_null(store.get());
  assert_false(store->recall("alice").has_value());
  const SyncRecord kept{"2026-11-23T10:00:00.000Z", "0123456789abcdef0123456789abcdef"};
  store->remember("alice", kept);
  assert_true(store->recall("alice") == kept);
  assert_false(store->recall("bob").has_value());
  for (const auto& e : fs::directory_iterator(f.dir.path() + "/cache")) {
    assert_true(e.path().filename().string().find("alice") == std::string::npos);
  }
  store->forget("alice");
  assert_false(store->recall("alice").has_value());
}

void another_tenant_sees_nothing_of_it(void**) {
  Fakes f(cached());
  f.may_cache = true;
  open_sync_records(f.services(), load(f))->remember("alice", {"t", "fp"});
  Fakes other(cached("other-client"));
  other.may_cache = true;
  std::ofstream(other.args.config_path)
      << "cache:\n  directory: " << f.dir.path()
      << "/cache\ntenant:\n  base_url: https://tenant.example.com\n"
         "  client_id: other-client\n";
  assert_false(open_sync_records(other.services(), load(other))->recall("alice").has_value());
}

void nothing_is_kept_without_root_or_a_directory(void**) {
  Fakes user(cached());
  assert_null(open_sync_records(user.services(), load(user)).get());
  Fakes none(
      "cache:\n  directory: \"\"\ntenant:\n  base_url: https://t.example.com\n"
      "  client_id: c\n");
  none.may_cache = true;
  assert_null(open_sync_records(none.services(), load(none)).get());
}

void a_line_break_is_never_kept_and_a_torn_entry_never_read(void**) {
  Fakes f(cached());
  f.may_cache = true;
  const auto store = open_sync_records(f.services(), load(f));
  store->remember("alice", {"2026\n11", "fp"});
  assert_false(store->recall("alice").has_value());
  store->remember("alice", {"t", "fp"});
  for (const auto& e : fs::directory_iterator(f.dir.path() + "/cache")) {
    if (e.path().filename().string().starts_with("sync-")) {
      std::ofstream(e.path(), std::ios::trunc) << "pam_idaas sync 1\nt\n";
    }
  }
  assert_false(store->recall("alice").has_value());
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(a_record_comes_back_as_it_was_kept),
      cmocka_unit_test(another_tenant_sees_nothing_of_it),
      cmocka_unit_test(nothing_is_kept_without_root_or_a_directory),
      cmocka_unit_test(a_line_break_is_never_kept_and_a_torn_entry_never_read),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
