// Hostile configuration and client secret files: YAML bombs, deep nesting,
// values of the wrong type for every kind of key, duplicate keys, text that
// is not UTF-8 or holds NUL and control bytes, several documents, huge files,
// and files that are links, FIFOs, shared or someone else's. Each is refused
// with a diagnostic saying what is wrong and where; none hangs.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/config.h"
#include "scratch_dir.h"
#include "tenant/client.h"

#include "hostile_cases.h"  // last: it ends with cmocka

namespace {

namespace fs = std::filesystem;
using hostile::expect_contains;
using hostile::repeat;
using pam_idaas::config::Diagnostic;
using pam_idaas::config::LoadResult;

constexpr std::size_t kMiB = 1024 * 1024;

// Seconds after which a read that should have been refused counts as hung.
constexpr unsigned kHangSeconds = 20;

fs::path scratch;

int make_scratch(void**) { return make_scratch_dir(scratch, "test_hostile_config"); }
int remove_scratch(void**) { return remove_scratch_dir(scratch); }

void print_errors(const LoadResult& result) {
  for (const Diagnostic& d : result.errors) print_message("  %s\n", d.to_string().c_str());
}

// ---- documents --------------------------------------------------------------------

struct DocumentRow {
  const char* name;
  std::string yaml;
  int line, column;       // of the first diagnostic
  std::string message;    // all of the first diagnostic's message
  std::size_t count = 1;  // diagnostics in all
};

void document_refused(const DocumentRow& row) {
  const LoadResult result = pam_idaas::config::parse(row.yaml, "hostile.yaml");
  const bool as_expected = result.errors.size() == row.count && result.errors[0].line == row.line &&
                           result.errors[0].column == row.column &&
                           result.errors[0].message == row.message;
  if (!as_expected) {
    print_message("expected %zu, the first %d:%d: %s\n", row.count, row.line, row.column,
                  row.message.c_str());
    print_errors(result);
  }
  assert_true(as_expected);
}

// Ten anchors, each a list of nine aliases of the one before: 9^9 words if
// anything expanded it. yaml-cpp shares the aliased nodes and each setting
// looks at its own value only.
std::string laughs(const std::string& first_key) {
  std::string yaml = first_key + ":\n  ignore:\n    - &a lol\n";
  for (char c = 'b', prev = 'a'; c <= 'j'; prev = c++) {
    yaml += std::string("    - &") + c + " [";
    for (int i = 0; i < 9; ++i) yaml += std::string(i > 0 ? ", " : "") + "*" + prev;
    yaml += "]\n";
  }
  return yaml + "policy:\n  weak_passwords:\n    words: *j\n";
}

std::string dashes(std::size_t n) { return repeat("- ", n); }

const std::string kWordList = "expected a word, got a list";

const std::vector<DocumentRow> kDocumentRows = {
    // YAML bombs
    {"bomb: billion laughs in lists of words", laughs("users"), 4, 7,
     "users.ignore[1]: " + kWordList, 18},
    {"bomb: billion laughs under unknown keys", "a: &a [lol, lol]\nb: &b [*a, *a]\nc: [*b, *b]\n",
     1, 1,
     "unknown key 'a'; valid keys: language, users, password, account, auth, cache, policy, tenant",
     3},
    {"bomb: an alias as a key", "policy: {}\n? &k [a, b]\n: 1\n? *k\n: 2\n", 2, 3,
     "keys must be plain names, got a list", 2},
    {"bomb: merge key", "password: &p {enforce_for_root: true}\n<<: *p\n", 2, 1,
     "unknown key '<<'; valid keys: language, users, password, account, auth, cache, policy, "
     "tenant"},
    {"bomb: a section aliased into another", "account: &s {disabled: deny}\npassword: *s\n", 1, 14,
     "password: unknown key 'disabled'; valid keys: enforce_for_root, on_tenant_unavailable, "
     "admin_reset",
     1},
    {"bomb: alias of an undefined anchor", "language: *nowhere\n", 1, 11,
     "the referenced anchor is not defined"},
    {"bomb: anchor used inside itself", "users: &u {ignore: *u}\n", 1, 8,
     "users.ignore: expected a list, got a mapping"},
    // deep nesting
    {"nesting: 100k '['", "language: " + std::string(100000, '[') + "\n", 2, 1,
     "nested more than 500 levels deep; no setting needs more than four"},
    {"nesting: 100k '[' closed", "language: " + std::string(100000, '[') + std::string(100000, ']'),
     1, 200011, "nested more than 500 levels deep; no setting needs more than four"},
    {"nesting: 100k '{'", "policy: " + repeat("{a: ", 100000), 1, 2000,
     "nested more than 500 levels deep; no setting needs more than four"},
    {"nesting: 100k block sequences", "users:\n  ignore:\n    " + dashes(100000) + "x\n", 3, 1000,
     "nested more than 500 levels deep; no setting needs more than four"},
    // wrong types, one row per kind of value and kind of mistake
    {"type: text where an integer goes", "policy:\n  length:\n    min: eight\n", 3, 10,
     "policy.length.min: expected a non-negative integer, got 'eight'"},
    {"type: list where an integer goes", "policy:\n  length:\n    max: [64]\n", 3, 10,
     "policy.length.max: expected a non-negative integer, got a list"},
    {"type: map where an integer goes", "policy:\n  max_consecutive_repeats: {a: 1}\n", 2, 28,
     "policy.max_consecutive_repeats: expected a non-negative integer, got a mapping"},
    {"type: float where an integer goes", "users:\n  min_uid: 1e3\n", 2, 12,
     "users.min_uid: expected a non-negative integer, got '1e3'"},
    {"type: hex where an integer goes", "users:\n  min_uid: 0x3E8\n", 2, 12,
     "users.min_uid: expected a non-negative integer, got '0x3E8'"},
    {"type: integer beyond 64 bits", "users:\n  min_uid: 99999999999999999999999999999\n", 2, 12,
     "users.min_uid: '99999999999999999999999999999' is too large (at most 1000000)"},
    {"type: map where a boolean goes", "password:\n  enforce_for_root: {yes: no}\n", 2, 21,
     "password.enforce_for_root: expected true or false, got a mapping"},
    {"type: number where a boolean goes", "policy:\n  username:\n    case_sensitive: 1\n", 3, 21,
     "policy.username.case_sensitive: expected true or false, got '1' (yes/no/on/off are not "
     "accepted)"},
    {"type: list where a choice goes", "language: [en]\n", 1, 11,
     "language: expected auto, en or zh, got a list"},
    {"type: map where a choice goes", "policy:\n  history:\n    hash: {yescrypt: 1}\n", 3, 11,
     "policy.history.hash: expected yescrypt or sha512crypt, got a mapping"},
    {"type: map where a URL goes", "tenant:\n  base_url: {https: x}\n  client_id: c\n", 2, 13,
     "tenant.base_url: expected a URL, got a mapping"},
    {"type: list where a word goes",
     "tenant:\n  base_url: https://x.example\n  client_id: [a, b]\n", 3, 14,
     "tenant.client_id: expected a word, got a list"},
    {"type: list where a path goes", "policy:\n  history:\n    file: [/tmp/h]\n", 3, 11,
     "policy.history.file: expected an absolute path, got a list"},
    {"type: text where a list goes", "users:\n  ignore: root\n", 2, 11,
     "users.ignore: expected a list, got 'root'"},
    {"type: map where a list goes", "policy:\n  weak_passwords:\n    words: {a: b}\n", 3, 12,
     "policy.weak_passwords.words: expected a list, got a mapping"},
    {"type: list inside a list of words", "users:\n  ignore: [root, [nested]]\n", 2, 18,
     "users.ignore[1]: " + kWordList},
    {"type: list where a map goes", "policy: [length]\n", 1, 9,
     "policy: expected a mapping, got a list"},
    {"type: text where a map goes", "account: deny\n", 1, 10,
     "account: expected a mapping, got 'deny'"},
    {"type: a tag does not change the type", "language: !!binary aGVsbG8=\n", 1, 11,
     "language: expected auto, en or zh, got 'aGVsbG8='"},
    {"type: a list as the whole document", "- language: en\n", 1, 1,
     "the top level must be a mapping of keys, got a list"},
    // duplicate keys
    {"duplicate: top-level key", "language: en\npolicy: {}\nlanguage: zh\n", 3, 1,
     "duplicate key 'language' (first at line 1)"},
    {"duplicate: quoted and plain spelling", "language: en\n'language': zh\n", 2, 1,
     "duplicate key 'language' (first at line 1)"},
    {"duplicate: inside a flow mapping", "policy: {length: {min: 8, min: 9}}\n", 1, 27,
     "policy.length: duplicate key 'min' (first at line 1)"},
    {"duplicate: tenant key",
     "tenant:\n  base_url: https://a.example\n  client_id: c\n  base_url: https://b.example\n", 4,
     3, "tenant: duplicate key 'base_url' (first at line 2)"},
    // bytes that are not UTF-8 text
    {"bytes: Latin-1 in a weak word",
     "policy:\n  weak_passwords:\n    words: [Stra\xDF"
     "e]\n",
     3, 17, "invalid UTF-8 byte sequence; the file must be UTF-8 text"},
    {"bytes: Latin-1 in a comment",
     "# Gr\xFC\xDF"
     "e\nlanguage: en\n",
     1, 5, "invalid UTF-8 byte sequence; the file must be UTF-8 text"},
    {"bytes: overlong sequence in a key", "langu\xC1\xA1ge: en\n", 1, 6,
     "invalid UTF-8 byte sequence; the file must be UTF-8 text"},
    {"bytes: UTF-16 with a byte order mark",
     std::string("\xFF\xFEl\0a\0n\0g\0u\0a\0g\0e\0:\0 \0e\0n\0\n\0", 28), 1, 1,
     "the file is UTF-16 text; save it as UTF-8"},
    {"bytes: NUL after a value", std::string("language: en\0\npolicy: [\n", 24), 1, 13,
     "NUL byte; the file must be text"},
    {"bytes: NUL inside a number", std::string("policy:\n  length:\n    min: 8\0 9\n", 32), 3, 11,
     "NUL byte; the file must be text"},
    {"bytes: raw terminal escape in a value", "language: \x1b[2Jen\n", 1, 11,
     "control character U+001B; the file must be text"},
    {"bytes: C1 control (U+0085) in a word", "users:\n  ignore: [a\xC2\x85z]\n", 2, 13,
     "control character U+0085; the file must be text"},
    // control characters written as escapes in double quotes
    {"escape: NUL in base_url",
     "tenant:\n  base_url: \"https://x.example\\0.evil\"\n  client_id: c\n", 2, 13,
     "tenant.base_url: expected a URL, got 'https://x.example?.evil', which contains a control "
     "character"},
    {"escape: CR LF in client_id",
     "tenant:\n  base_url: https://x.example\n  client_id: \"c\\r\\nX-Evil: 1\"\n", 3, 14,
     "tenant.client_id: expected a word, got 'c??X-Evil: 1', which contains a control character"},
    {"escape: NUL in the history path", "policy:\n  history:\n    file: \"/var/lib/h\\0x\"\n", 3,
     11,
     "policy.history.file: expected an absolute path, got '/var/lib/h?x', which contains a "
     "control character"},
    {"escape: terminal escape in a key", "\"\\e[2Jlanguage\": en\n", 1, 1,
     "unknown key '?[2Jlanguage'; valid keys: language, users, password, account, auth, cache, "
     "policy, tenant"},
    // several documents
    {"documents: a second one with settings", "language: en\n---\nlanguage: zh\n", 2, 1,
     "only one YAML document is allowed"},
    {"documents: empty ones before the settings", "---\n---\n---\nlanguage: en\n", 3, 1,
     "only one YAML document is allowed"},
    {"documents: 10k empty ones, then settings", repeat("---\n", 10000) + "language: en\n", 10000,
     1, "only one YAML document is allowed"},
};

void bomb_under_the_words_reports_each_element(void**) {
  const LoadResult result = pam_idaas::config::parse(laughs("users"), "hostile.yaml");
  assert_int_equal(result.errors.size(), 18);
  for (const Diagnostic& d : result.errors) expect_contains(d.message, kWordList);
  assert_true(result.config.policy.weak_passwords.words.empty());
}

// ---- files ------------------------------------------------------------------------

fs::path write(const std::string& name, const std::string& content, mode_t mode) {
  const fs::path path = scratch / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  assert_int_equal(chmod(path.c_str(), mode), 0);  // explicit: not the umask's choice
  return path;
}

fs::path fifo(const std::string& name) {
  const fs::path path = scratch / name;
  assert_int_equal(mkfifo(path.c_str(), 0600), 0);
  return path;
}

// Only root can give a file away; without root the case cannot be made.
void skip_unless_root() {
  if (geteuid() != 0) skip_because("chown to another user needs root");
}

fs::path theirs(const std::string& name, const std::string& content, mode_t mode) {
  skip_unless_root();
  const fs::path path = write(name, content, mode);
  assert_int_equal(chown(path.c_str(), 65534, 65534), 0);
  return path;
}

void config_refused(const fs::path& path, const std::string& message) {
  alarm(kHangSeconds);  // a read that blocks kills the program: the test fails, not hangs
  const LoadResult result = pam_idaas::config::load_file(path.string());
  alarm(0);
  const bool as_expected = result.errors.size() == 1 && result.errors[0].file == path.string() &&
                           result.errors[0].line == 0 && result.errors[0].message == message;
  if (!as_expected) {
    print_message("expected: %s: %s\n", path.c_str(), message.c_str());
    print_errors(result);
  }
  assert_true(as_expected);
}

constexpr const char* kValid = "language: en\n";

std::string symlink_refusal(const fs::path& link) {
  return "is a symbolic link; refusing to follow it: name the file itself (readlink -f " +
         link.string() + ")";
}

void config_symlink(void**) {
  const fs::path link = scratch / "link.yaml";
  fs::create_symlink(write("target.yaml", kValid, 0644), link);
  config_refused(link, symlink_refusal(link));
}

void config_symlink_to_a_device(void**) {
  const fs::path link = scratch / "zero.yaml";
  fs::create_symlink("/dev/zero", link);
  config_refused(link, symlink_refusal(link));
}

void config_symlink_loop(void**) {
  const fs::path link = scratch / "loop.yaml";
  fs::create_symlink(link, link);
  config_refused(link, symlink_refusal(link));
}

void config_fifo(void**) {
  config_refused(fifo("fifo.yaml"), "is not a regular file (it is a FIFO)");
}

void config_group_writable(void**) {
  const fs::path path = write("group.yaml", kValid, 0620);
  config_refused(
      path, "is writable by group or others (mode 0620); refusing it: chmod go-w " + path.string());
}

void config_world_writable(void**) {
  const fs::path path = write("world.yaml", kValid, 0602);
  config_refused(
      path, "is writable by group or others (mode 0602); refusing it: chmod go-w " + path.string());
}

void config_owned_by_another_user(void**) {
  const fs::path path = theirs("theirs.yaml", kValid, 0600);
  config_refused(path, "is owned by uid 65534, not root; refusing it: chown root " + path.string());
}

void config_of_20_mib(void**) {
  config_refused(write("huge.yaml", "# " + std::string(20 * kMiB, 'x') + "\n", 0644),
                 "is larger than 1 MiB (20971523 bytes)");
}

void config_sparse_20_mib(void**) {
  const fs::path path = write("sparse.yaml", kValid, 0644);
  fs::resize_file(path, 20 * kMiB);  // a hole of NUL bytes: no disk used
  config_refused(path, "is larger than 1 MiB (20971520 bytes)");
}

// A bomb that fits the size limit is refused like a small one, and the file's
// name leads the diagnostic.
void config_file_of_1_mib_nesting(void**) {
  const fs::path path =
      write("nested.yaml", "language: " + std::string(kMiB - 11, '[') + "\n", 0644);
  const LoadResult result = pam_idaas::config::load_file(path.string());
  assert_int_equal(result.errors.size(), 1);
  assert_str_eq(
      result.errors[0].to_string(),
      path.string() + ":2:1: nested more than 500 levels deep; no setting needs more than four");
}

void config_file_with_a_nul_byte(void**) {
  const fs::path path = write("nul.yaml", std::string("language: zh\n\0language: en\n", 27), 0644);
  const LoadResult result = pam_idaas::config::load_file(path.string());
  assert_int_equal(result.errors.size(), 1);
  assert_str_eq(result.errors[0].to_string(),
                path.string() + ":2:1: NUL byte; the file must be text");
}

// ---- the client secret file ---------------------------------------------------------

std::string secret_refusal(const fs::path& path) {
  alarm(kHangSeconds);
  std::string message = "(accepted)";
  try {
    pam_idaas::tenant::read_client_secret(path.string());
  } catch (const pam_idaas::tenant::SecretFileError& e) {
    message = e.what();
  }
  alarm(0);
  return message;
}

void secret_refused(const fs::path& path, const std::string& why) {
  const std::string message = secret_refusal(path);
  assert_str_eq(message, "client secret file " + path.string() + " " + why);
  assert_true(message.find("s3cret") == std::string::npos);
}

void secret_symlink(void**) {
  const fs::path link = scratch / "secret-link";
  fs::create_symlink(write("secret-target", "s3cret", 0600), link);
  secret_refused(link, symlink_refusal(link));
}

void secret_dangling_symlink(void**) {
  const fs::path link = scratch / "secret-dangling";
  fs::create_symlink(scratch / "nowhere", link);
  secret_refused(link, symlink_refusal(link));
}

void secret_group_readable(void**) {
  const fs::path path = write("secret-group", "s3cret", 0640);
  secret_refused(path, "is accessible by group or others (mode 0640); refusing it: chmod 600 " +
                           path.string());
}

void secret_world_readable(void**) {
  const fs::path path = write("secret-world", "s3cret", 0604);
  secret_refused(path, "is accessible by group or others (mode 0604); refusing it: chmod 600 " +
                           path.string());
}

void secret_owned_by_another_user(void**) {
  const fs::path path = theirs("secret-theirs", "s3cret", 0600);
  secret_refused(path, "is owned by uid 65534, not root; refusing it: chown root " + path.string());
}

void secret_empty(void**) {
  secret_refused(write("secret-empty", "", 0600), "is empty: write the client secret to it");
}

void secret_only_white_space(void**) {
  secret_refused(write("secret-blank", " \t\r\n\n", 0600),
                 "is empty: write the client secret to it");
}

void secret_of_20_mib(void**) {
  secret_refused(write("secret-huge", std::string(20 * kMiB, 's'), 0600),
                 "is larger than 4 KiB (20971520 bytes); it should hold only the secret");
}

void secret_directory(void**) {
  const fs::path dir = scratch / "secret-dir";
  fs::create_directory(dir);
  fs::permissions(dir, fs::perms::owner_all);
  secret_refused(dir, "is not a regular file (it is a directory)");
}

void secret_fifo(void**) {
  secret_refused(fifo("secret-fifo"), "is not a regular file (it is a FIFO)");
}

void secret_missing(void**) {
  secret_refused(scratch / "secret-missing",
                 "does not exist: write the client secret to it (chmod 600, owned by root)");
}

}  // namespace

int main() {
  std::vector<CMUnitTest> tests;
  hostile::add_rows(tests, kDocumentRows, document_refused);
  hostile::add(tests, "bomb: every aliased list is one diagnostic, nothing kept",
               bomb_under_the_words_reports_each_element);
  hostile::add(tests, "config file: symlink", config_symlink);
  hostile::add(tests, "config file: symlink to /dev/zero", config_symlink_to_a_device);
  hostile::add(tests, "config file: symlink to itself", config_symlink_loop);
  hostile::add(tests, "config file: FIFO (no hang)", config_fifo);
  hostile::add(tests, "config file: group writable", config_group_writable);
  hostile::add(tests, "config file: world writable", config_world_writable);
  hostile::add(tests, "config file: owned by another user", config_owned_by_another_user);
  hostile::add(tests, "config file: 20 MiB", config_of_20_mib);
  hostile::add(tests, "config file: 20 MiB sparse", config_sparse_20_mib);
  hostile::add(tests, "config file: 1 MiB of nesting", config_file_of_1_mib_nesting);
  hostile::add(tests, "config file: NUL byte", config_file_with_a_nul_byte);
  hostile::add(tests, "secret file: symlink", secret_symlink);
  hostile::add(tests, "secret file: dangling symlink", secret_dangling_symlink);
  hostile::add(tests, "secret file: group readable", secret_group_readable);
  hostile::add(tests, "secret file: world readable", secret_world_readable);
  hostile::add(tests, "secret file: owned by another user", secret_owned_by_another_user);
  hostile::add(tests, "secret file: empty", secret_empty);
  hostile::add(tests, "secret file: only white space", secret_only_white_space);
  hostile::add(tests, "secret file: 20 MiB", secret_of_20_mib);
  hostile::add(tests, "secret file: directory", secret_directory);
  hostile::add(tests, "secret file: FIFO (no hang)", secret_fifo);
  hostile::add(tests, "secret file: missing", secret_missing);
  return hostile::run("hostile config", tests, make_scratch, remove_scratch);
}
