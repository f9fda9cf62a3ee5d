// Issue 18, item 7: the files that decide trust besides the config file (the
// tenant's CA bundle, the weak-password lists, the breached-password filters)
// follow the config file's rule (base/trusted_file.h). Each hostile kind of
// file is refused with the path, what is wrong and how to fix it, both where
// `pam-idaas config check` and the module read the config (the parser) and
// where the file is used (the TLS setup, WeakList, BreachFilter); none hangs.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "config/config.h"
#include "policy/breach_filter.h"
#include "policy/weak_list.h"
#include "scratch_dir.h"
#include "tenant/client.h"

#include "hostile_cases.h"  // last: it ends with cmocka

namespace {

namespace fs = std::filesystem;
using pam_idaas::config::LoadResult;

constexpr unsigned kHangSeconds = 20;  // a refusal that takes longer counts as hung

fs::path scratch;

int make_scratch(void**) { return make_scratch_dir(scratch, "test_trust_files"); }
int remove_scratch(void**) { return remove_scratch_dir(scratch); }

// ---- the kinds of file, each with the config key that names it and its use -------------

struct Kind {
  const char* label;  // how the module's messages name it
  const char* slug;   // for scratch file names
  std::string (*yaml)(const std::string& path);
  const char* key;                              // as the parser's diagnostic names it
  std::string (*use)(const std::string& path);  // the refusal where it is used
};

std::string tenant_yaml(const std::string& path) {
  return "tenant:\n  base_url: https://127.0.0.1:1\n  client_id: c\n  ca_file: " + path + "\n";
}

std::string weak_list_yaml(const std::string& path) {
  return "policy:\n  weak_passwords:\n    files: [" + path + "]\n";
}

std::string filter_yaml(const std::string& path) {
  return "policy:\n  weak_passwords:\n    filters: [" + path + "]\n";
}

std::string ca_in_use(const std::string& path) {
  pam_idaas::tenant::TenantSettings s;
  s.base_url = "https://127.0.0.1:1";
  s.client_id = "c";
  s.ca_file = path;
  s.budget_ms = 2000;
  const auto outcome = pam_idaas::tenant::Client(s, pam_idaas::Secret("s")).ping().outcome;
  assert_int_equal(outcome.status, pam_idaas::tenant::Status::misconfigured);
  return outcome.detail;
}

std::string weak_list_in_use(const std::string& path) {
  pam_idaas::policy::WeakPasswordRule rule;
  rule.files = {path};
  try {
    pam_idaas::policy::WeakList list(rule);
  } catch (const pam_idaas::policy::WeakListError& e) {
    return e.what();
  }
  return "(accepted)";
}

std::string filter_in_use(const std::string& path) {
  try {
    pam_idaas::policy::BreachFilter filter(path);
  } catch (const pam_idaas::policy::BreachFilterError& e) {
    return e.what();
  }
  return "(accepted)";
}

const Kind kCa{"CA file", "ca", tenant_yaml, "tenant.ca_file", ca_in_use};
const Kind kWeakList{"weak-password list", "weak", weak_list_yaml, "policy.weak_passwords.files[0]",
                     weak_list_in_use};
const Kind kFilter{"breached-password filter", "filter", filter_yaml,
                   "policy.weak_passwords.filters[0]", filter_in_use};

// ---- the hostile files ------------------------------------------------------------------

fs::path regular(const std::string& name, mode_t mode) {
  const fs::path path = scratch / name;
  std::ofstream(path) << "Lantern#4821\n";
  assert_int_equal(chmod(path.c_str(), mode), 0);  // explicit: not the umask's choice
  return path;
}

// Each refusal in both places: the parser's diagnostic and the message where it is used.
void refused(const Kind& kind, const fs::path& path, const std::string& why) {
  alarm(kHangSeconds);  // a FIFO that blocked would kill the program: the test fails, not hangs
  const LoadResult parsed = pam_idaas::config::parse(kind.yaml(path.string()), "test.yaml");
  const std::string in_use = kind.use(path.string());
  alarm(0);
  const std::string expected_parse = std::string(kind.key) + ": '" + path.string() + "' " + why;
  const bool parse_ok = parsed.errors.size() == 1 && parsed.errors[0].message == expected_parse;
  if (!parse_ok) {
    print_message("expected: %s\n", expected_parse.c_str());
    for (const auto& d : parsed.errors) print_message("  got: %s\n", d.to_string().c_str());
  }
  assert_true(parse_ok);
  hostile::expect_contains(in_use, std::string(kind.label) + " " + path.string() + " " + why);
}

void world_writable(const Kind& kind) {
  const fs::path path = regular(std::string(kind.slug) + "-world", 0602);
  refused(kind, path,
          "is writable by group or others (mode 0602); refusing it: chmod go-w " + path.string());
}

void group_writable(const Kind& kind) {
  const fs::path path = regular(std::string(kind.slug) + "-group", 0620);
  refused(kind, path,
          "is writable by group or others (mode 0620); refusing it: chmod go-w " + path.string());
}

void owned_by_another_user(const Kind& kind) {
  if (geteuid() != 0) skip_because("chown to another user needs root");
  const fs::path path = regular(std::string(kind.slug) + "-theirs", 0644);
  assert_int_equal(chown(path.c_str(), 65534, 65534), 0);
  refused(kind, path, "is owned by uid 65534, not root; refusing it: chown root " + path.string());
}

void symlink_to_a_good_file(const Kind& kind) {
  const fs::path link = scratch / (std::string(kind.slug) + "-link");
  fs::create_symlink(regular(std::string(kind.slug) + "-target", 0644), link);
  refused(kind, link,
          "is a symbolic link; refusing to follow it: name the file itself (readlink -f " +
              link.string() + ")");
}

void fifo(const Kind& kind) {
  const fs::path path = scratch / (std::string(kind.slug) + "-fifo");
  assert_int_equal(mkfifo(path.c_str(), 0600), 0);
  refused(kind, path, "is not a regular file (it is a FIFO)");
}

void directory(const Kind& kind) {
  const fs::path path = scratch / (std::string(kind.slug) + "-dir");
  fs::create_directory(path);
  fs::permissions(path, fs::perms::owner_all);
  refused(kind, path, "is not a regular file (it is a directory)");
}

struct Row {
  const char* name;
  const Kind* kind;
  void (*check)(const Kind&);
};

void run_row(const Row& row) { row.check(*row.kind); }

std::vector<Row> rows() {
  struct Case {
    const char* name;
    void (*check)(const Kind&);
  };
  const Case cases[] = {{"world writable", world_writable},
                        {"group writable", group_writable},
                        {"owned by another user", owned_by_another_user},
                        {"symlink", symlink_to_a_good_file},
                        {"FIFO (no hang)", fifo},
                        {"directory", directory}};
  static std::vector<std::string> names;  // cmocka keeps the pointers
  names.reserve(3 * std::size(cases));
  std::vector<Row> out;
  for (const Kind* kind : {&kCa, &kWeakList, &kFilter}) {
    for (const Case& c : cases) {
      names.push_back(std::string(kind->label) + ": " + c.name);
      out.push_back({names.back().c_str(), kind, c.check});
    }
  }
  return out;
}

}  // namespace

int main() {
  static const std::vector<Row> table = rows();
  std::vector<CMUnitTest> tests;
  hostile::add_rows(tests, table, run_row);
  return hostile::run("files that decide trust", tests, make_scratch, remove_scratch);
}
