// The password history store: hashing, the file format, the safety checks on
// the file, and atomic replacement under concurrent writers.
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "base/cache_directory.h"
#include "policy/history.h"
#include "scratch_dir.h"

// Last: cmocka defines macros such as fail() that clash with the C++ library.
#include "cmocka_cpp.h"

namespace {

using pam_idaas::policy::HashMethod;
using pam_idaas::policy::HistoryError;
using pam_idaas::policy::HistoryRule;
using pam_idaas::policy::PasswordHistory;

// ---- fixture ---------------------------------------------------------------

struct Fixture {
  std::string dir;
  std::string file;  // "<dir>/history", not created by the fixture
};

const Fixture& fixture(void** state) { return *static_cast<const Fixture*>(*state); }

int set_up(void** state) {
  std::filesystem::path dir;
  if (make_scratch_dir(dir, "test_history") != 0) return -1;
  *state = new Fixture{dir.string(), (dir / "history").string()};
  return 0;
}

int tear_down(void** state) {
  const auto* f = static_cast<const Fixture*>(*state);
  remove_scratch_dir(f->dir);
  delete f;
  return 0;
}

// ---- helpers ---------------------------------------------------------------

PasswordHistory history(const std::string& file, unsigned remember,
                        HashMethod hash = HashMethod::sha512crypt) {
  HistoryRule rule;
  rule.remember = remember;
  rule.file = file;
  rule.hash = hash;
  return PasswordHistory(rule);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void write_file(const std::string& path, std::string_view content, mode_t mode = 0600) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    assert_true(out.good());
  }
  assert_int_equal(chmod(path.c_str(), mode), 0);
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  for (;;) {
    const std::size_t end = text.find(separator);
    parts.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) return parts;
    text.remove_prefix(end + 1);
  }
}

// The lines of a file that ends in a newline, without the final empty piece.
std::vector<std::string> lines_of(const std::string& content) {
  assert_false(content.empty());
  assert_int_equal(content.back(), '\n');
  std::vector<std::string> lines = split(content, '\n');
  lines.pop_back();
  return lines;
}

std::vector<std::string> hashes_of(const std::string& content, const std::string& user) {
  for (const std::string& line : lines_of(content)) {
    if (line.starts_with(user + ":")) return split(line.substr(user.size() + 1), ',');
  }
  return {};
}

bool is_users_lock(const std::string& name) {
  return name.starts_with("history-") && name.ends_with(".lock");
}

// A writer that failed to clean up would leave ".history.XXXXXX" behind;
// each user who changed has their own lock ("history-<sha256>.lock").
void assert_only_history_and_lock(const std::string& dir) {
  std::vector<std::string> names = names_in(dir);
  std::erase_if(names, is_users_lock);
  const std::vector<std::string> expected{"history", "history.lock"};
  assert_true(names == expected);
}

bool exists(const std::string& path) {
  struct stat status {};
  return lstat(path.c_str(), &status) == 0;
}

unsigned permissions_of(const std::string& path) {
  struct stat status {};
  assert_int_equal(lstat(path.c_str(), &status), 0);
  return status.st_mode & 07777u;
}

void assert_mentions(const std::string& text, const std::string& part) {
  if (text.find(part) == std::string::npos) {
    fail_msg("\"%s\" does not mention \"%s\"", text.c_str(), part.c_str());
  }
}

void assert_does_not_mention(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) {
    fail_msg("\"%s\" mentions \"%s\"", text.c_str(), part.c_str());
  }
}

template <typename Action>
std::string history_error_from(Action&& action) {
  try {
    action();
  } catch (const HistoryError& error) {
    return error.what();
  }
  fail_msg("expected a HistoryError");
  return {};
}

std::string password_of(int writer, int generation) {
  return "Writer" + std::to_string(writer) + "-Password-" + std::to_string(generation);
}

// An exception escaping into cmocka (C code) would abort the whole run;
// report it as the failure of the test that threw instead.
template <void (*Test)(void**)>
void guarded(void** state) {
  std::string unexpected;
  try {
    Test(state);
    return;
  } catch (const std::exception& error) {
    unexpected = error.what();
  }
  fail_msg("unexpected exception: %s", unexpected.c_str());
}

// Exit status of a child: 0 for success, anything else names what went wrong.
int wait_for(pid_t child) {
  int status = 0;
  if (waitpid(child, &status, 0) != child) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// ---- hashing and the format ------------------------------------------------

void missing_file_is_not_contained(void** state) {
  const Fixture& f = fixture(state);
  assert_false(history(f.file, 5).contains("alice", "Any-Password-1"));
  assert_false(history(f.dir + "/absent/history", 5).contains("alice", "Any-Password-1"));
  // Looking must not create anything.
  assert_true(names_in(f.dir).empty());
}

void check_record_then_contains(const Fixture& f, HashMethod method, const std::string& prefix) {
  const std::string password = "Correct-Horse-Battery-9";
  PasswordHistory h = history(f.file, 5, method);
  h.record("alice", password);

  assert_true(h.contains("alice", password));
  assert_false(h.contains("alice", "Correct-Horse-Battery-8"));
  assert_false(h.contains("alice", password + "x"));
  assert_false(h.contains("bob", password));

  const std::string content = read_file(f.file);
  assert_true(content.starts_with("alice:" + prefix));
  assert_int_equal(lines_of(content).size(), 1);
  assert_int_equal(hashes_of(content, "alice").size(), 1);
  assert_does_not_mention(content, password);
  assert_int_equal(permissions_of(f.file), 0600);
  assert_only_history_and_lock(f.dir);
}

void record_then_contains_yescrypt(void** state) {
  const Fixture& f = fixture(state);
  check_record_then_contains(f, HashMethod::yescrypt, "$y$");
  // The stored hash names its method, so switching the configured method
  // keeps the existing history usable.
  const PasswordHistory configured_for_sha512 = history(f.file, 5, HashMethod::sha512crypt);
  assert_true(configured_for_sha512.contains("alice", "Correct-Horse-Battery-9"));
}

void record_then_contains_sha512crypt(void** state) {
  check_record_then_contains(fixture(state), HashMethod::sha512crypt, "$6$");
}

// libcrypt refuses passphrases of 512 bytes and more (CRYPT_MAX_PASSPHRASE_SIZE):
// such passwords are recorded and found all the same, and told apart.
void passwords_of_512_bytes_and_more_are_recorded_and_found(void** state) {
  const Fixture& f = fixture(state);
  PasswordHistory h = history(f.file, 5);
  const std::string long_one = "Long-Passphrase-" + std::string(600, 'x');
  const std::string longest = std::string(4096, 'y');
  h.record("alice", long_one);
  h.record("alice", longest);
  assert_true(h.contains("alice", long_one));
  assert_true(h.contains("alice", longest));
  assert_false(h.contains("alice", long_one + "z"));
  assert_false(h.contains("alice", std::string(4095, 'y')));
  assert_false(h.contains("alice", std::string(511, 'x')));
  assert_int_equal(hashes_of(read_file(f.file), "alice").size(), 2);
}

void same_password_twice_gives_different_hashes(void** state) {
  const Fixture& f = fixture(state);
  PasswordHistory h = history(f.file, 5);
  h.record("alice", "Same-Password-1");
  h.record("alice", "Same-Password-1");

  const std::vector<std::string> hashes = hashes_of(read_file(f.file), "alice");
  assert_int_equal(hashes.size(), 2);
  assert_true(hashes[0] != hashes[1]);
  assert_true(h.contains("alice", "Same-Password-1"));
}

void remember_keeps_only_newest(void** state) {
  const Fixture& f = fixture(state);
  PasswordHistory h = history(f.file, 3);
  for (int generation = 0; generation < 4; ++generation) {
    h.record("alice", password_of(0, generation));
  }

  assert_false(h.contains("alice", password_of(0, 0)));
  for (int generation = 1; generation < 4; ++generation) {
    assert_true(h.contains("alice", password_of(0, generation)));
  }
  assert_int_equal(hashes_of(read_file(f.file), "alice").size(), 3);

  // Newest first: with remember=1 only the last password counts.
  PasswordHistory newest_only = history(f.file, 1);
  assert_true(newest_only.contains("alice", password_of(0, 3)));
  assert_false(newest_only.contains("alice", password_of(0, 2)));
}

void lowered_remember_limits_what_counts_and_is_kept(void** state) {
  const Fixture& f = fixture(state);
  PasswordHistory five = history(f.file, 5);
  for (int generation = 0; generation < 5; ++generation) {
    five.record("alice", password_of(0, generation));
  }

  PasswordHistory two = history(f.file, 2);
  assert_true(two.contains("alice", password_of(0, 4)));
  assert_true(two.contains("alice", password_of(0, 3)));
  assert_false(two.contains("alice", password_of(0, 2)));

  two.record("alice", password_of(0, 5));
  assert_int_equal(hashes_of(read_file(f.file), "alice").size(), 2);
  assert_true(five.contains("alice", password_of(0, 5)));
  assert_true(five.contains("alice", password_of(0, 4)));
  assert_false(five.contains("alice", password_of(0, 3)));
}

void other_users_lines_are_preserved(void** state) {
  const Fixture& f = fixture(state);
  const std::string alice = "alice:$6$aaaa$xxxx";
  const std::string bob_old_hash = "$6$bbbb$yyyy";
  const std::string carol = "carol:$y$j9T$cccc$zzzz,$6$dddd$wwww";
  write_file(f.file, alice + "\nbob:" + bob_old_hash + "\n" + carol + "\n");

  PasswordHistory h = history(f.file, 5);
  h.record("bob", "Bob-New-Password-1");
  std::vector<std::string> lines = lines_of(read_file(f.file));
  assert_int_equal(lines.size(), 3);
  assert_string_equal(lines[0].c_str(), alice.c_str());
  assert_true(lines[1].starts_with("bob:$6$"));
  assert_true(lines[1].ends_with("," + bob_old_hash));
  assert_string_equal(lines[2].c_str(), carol.c_str());
  assert_true(h.contains("bob", "Bob-New-Password-1"));

  h.record("dave", "Dave-Password-1");
  lines = lines_of(read_file(f.file));
  assert_int_equal(lines.size(), 4);
  assert_string_equal(lines[0].c_str(), alice.c_str());
  assert_string_equal(lines[2].c_str(), carol.c_str());
  assert_true(lines[3].starts_with("dave:$6$"));
}

void blank_lines_and_missing_final_newline_are_accepted(void** state) {
  const Fixture& f = fixture(state);
  write_file(f.file, "alice:$6$aaaa$xxxx\n\nbob:$6$bbbb$yyyy");

  PasswordHistory h = history(f.file, 5);
  assert_false(h.contains("bob", "Carol-Password-1"));
  h.record("carol", "Carol-Password-1");
  const std::vector<std::string> lines = lines_of(read_file(f.file));
  assert_int_equal(lines.size(), 3);
  assert_string_equal(lines[0].c_str(), "alice:$6$aaaa$xxxx");
  assert_string_equal(lines[1].c_str(), "bob:$6$bbbb$yyyy");
  assert_true(lines[2].starts_with("carol:$6$"));
}

void remember_zero_turns_history_off(void** state) {
  const Fixture& f = fixture(state);
  history(f.file, 5).record("alice", "Alice-Password-1");
  const std::string before = read_file(f.file);

  PasswordHistory off = history(f.file, 0);
  assert_false(off.contains("alice", "Alice-Password-1"));
  off.record("alice", "Alice-Password-2");
  assert_true(read_file(f.file) == before);

  // Not even opened: permissions that would be refused go unnoticed.
  assert_int_equal(chmod(f.file.c_str(), 0644), 0);
  assert_false(off.contains("alice", "Alice-Password-1"));

  const std::string elsewhere = f.dir + "/off";
  history(elsewhere + "/history", 0).record("alice", "Alice-Password-1");
  assert_false(exists(elsewhere));
}

void creates_missing_parent_directory(void** state) {
  const Fixture& f = fixture(state);
  const std::string directory = f.dir + "/state";
  PasswordHistory h = history(directory + "/history", 5);
  h.record("alice", "Alice-Password-1");
  assert_int_equal(permissions_of(directory), 0700);
  assert_int_equal(permissions_of(directory + "/history"), 0600);
  assert_true(h.contains("alice", "Alice-Password-1"));
  assert_only_history_and_lock(directory);

  // Only the last component: a wrong path must fail, not build a tree.
  const std::string deep = f.dir + "/a/b/history";
  const std::string message =
      history_error_from([&] { history(deep, 5).record("alice", "Alice-Password-1"); });
  assert_mentions(message, f.dir + "/a/b");
  assert_false(exists(f.dir + "/a"));
}

// A user's set-user-ID passwd runs with euid 0 but the user's egid: what it
// creates must still be root's alone.
void files_root_creates_belong_to_group_root(void** state) {
  if (geteuid() != 0) skip_because("only root can act as a set-user-ID passwd");
  const Fixture& f = fixture(state);
  const std::string directory = f.dir + "/state";
  const pid_t child = fork();
  assert_true(child >= 0);
  if (child == 0) {
    if (setegid(65534) != 0) _exit(1);
    history(directory + "/history", 5).record("alice", "Alice-Password-1");
    _exit(0);
  }
  assert_int_equal(wait_for(child), 0);
  const std::string own_lock =
      pam_idaas::files::entry_name(directory + "/history", "alice") + ".lock";
  for (const std::string& path :
       {directory, directory + "/history", directory + "/history.lock", own_lock}) {
    struct stat status {};
    assert_int_equal(lstat(path.c_str(), &status), 0);
    if (status.st_uid != 0 || status.st_gid != 0) {
      fail_msg("%s is %u:%u, not 0:0", path.c_str(), status.st_uid, status.st_gid);
    }
  }
}

void rejects_password_with_nul_byte(void** state) {
  const Fixture& f = fixture(state);
  const std::string_view password("Abc\0Defgh-1", 11);
  PasswordHistory h = history(f.file, 5);
  history_error_from([&] { h.record("alice", password); });
  assert_false(exists(f.file));
  history_error_from([&] { (void)h.contains("alice", password); });
}

// ---- safety checks on the file ---------------------------------------------

void rejects_group_or_other_permissions(void** state) {
  const Fixture& f = fixture(state);
  PasswordHistory h = history(f.file, 5);
  h.record("alice", "Alice-Password-1");
  const std::string before = read_file(f.file);

  const mode_t unsafe_modes[] = {0644, 0640, 0604, 0620, 0602, 0610, 0601};
  for (const mode_t mode : unsafe_modes) {
    assert_int_equal(chmod(f.file.c_str(), mode), 0);
    const std::string message =
        history_error_from([&] { (void)h.contains("alice", "Alice-Password-1"); });
    assert_mentions(message, f.file);
    char octal[8];
    snprintf(octal, sizeof octal, "%04o", mode);
    assert_mentions(message, octal);
    assert_mentions(message, "chmod 600");
    history_error_from([&] { h.record("alice", "Alice-Password-2"); });
    assert_true(read_file(f.file) == before);
  }

  // Read-only for the owner is as private as 0600.
  assert_int_equal(chmod(f.file.c_str(), 0400), 0);
  assert_true(h.contains("alice", "Alice-Password-1"));
}

void rejects_symbolic_link(void** state) {
  const Fixture& f = fixture(state);
  const std::string real = f.dir + "/real";
  history(real, 5).record("alice", "Alice-Password-1");
  const std::string before = read_file(real);
  assert_int_equal(symlink(real.c_str(), f.file.c_str()), 0);

  PasswordHistory h = history(f.file, 5);
  const std::string message =
      history_error_from([&] { (void)h.contains("alice", "Alice-Password-1"); });
  assert_mentions(message, f.file);
  assert_mentions(message, "symbolic link");
  history_error_from([&] { h.record("alice", "Alice-Password-2"); });
  assert_true(read_file(real) == before);

  // A dangling link is not a missing file: someone put it there.
  assert_int_equal(unlink(f.file.c_str()), 0);
  assert_int_equal(symlink((f.dir + "/nowhere").c_str(), f.file.c_str()), 0);
  history_error_from([&] { (void)h.contains("alice", "Alice-Password-1"); });
  history_error_from([&] { h.record("alice", "Alice-Password-2"); });
  assert_false(exists(f.dir + "/nowhere"));
}

void rejects_file_owned_by_another_user(void** state) {
  if (geteuid() != 0) skip_because("only root can give a file away");
  const Fixture& f = fixture(state);
  PasswordHistory h = history(f.file, 5);
  h.record("alice", "Alice-Password-1");
  assert_int_equal(chown(f.file.c_str(), 65534, 65534), 0);

  const std::string message =
      history_error_from([&] { (void)h.contains("alice", "Alice-Password-1"); });
  assert_mentions(message, f.file);
  assert_mentions(message, "owned by uid 65534");
  history_error_from([&] { h.record("alice", "Alice-Password-2"); });
}

void rejects_file_that_is_not_regular(void** state) {
  const Fixture& f = fixture(state);
  PasswordHistory h = history(f.file, 5);

  // A FIFO must be refused at once, not block the caller waiting for a writer.
  assert_int_equal(mkfifo(f.file.c_str(), 0600), 0);
  assert_mentions(history_error_from([&] { (void)h.contains("alice", "Alice-Password-1"); }),
                  "not a regular file");
  assert_int_equal(unlink(f.file.c_str()), 0);

  assert_int_equal(mkdir(f.file.c_str(), 0700), 0);
  assert_mentions(history_error_from([&] { (void)h.contains("alice", "Alice-Password-1"); }),
                  "not a regular file");
  history_error_from([&] { h.record("alice", "Alice-Password-1"); });
}

void rejects_oversized_file(void** state) {
  const Fixture& f = fixture(state);
  {
    const int fd = open(f.file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, off_t{16} * 1024 * 1024 + 1), 0);  // sparse: cheap
    close(fd);
  }
  const std::string message =
      history_error_from([&] { (void)history(f.file, 5).contains("alice", "Alice-Password-1"); });
  assert_mentions(message, f.file);
  assert_mentions(message, "larger than");
}

// ---- corrupt content -------------------------------------------------------

struct Corruption {
  const char* what;
  std::string second_line;
};

void rejects_corrupt_content_naming_the_line(void** state) {
  const Fixture& f = fixture(state);
  const Corruption corruptions[] = {
      {"no colon", "bob$6$Salty$HashText"},
      {"character outside the hash alphabet", "bob:$6$Salty$Hash!Text"},
      {"hash not starting with $", "bob:SaltyHashText"},
      {"empty hash between commas", "bob:$6$Salty$HashText,,$6$Salty$HashText"},
      {"no hash at all", "bob:"},
      {"empty user name", ":$6$Salty$HashText"},
      {"control character in user name", "b\x01ob:$6$Salty$HashText"},
      {"NUL byte", std::string("bob:$6$Sa\0lty$HashText", 22)},
      {"user repeated", "alice:$6$Salty$HashText"},
  };
  for (const Corruption& corruption : corruptions) {
    const std::string content = "alice:$6$aaaa$xxxx\n" + corruption.second_line + "\n";
    write_file(f.file, content);
    PasswordHistory h = history(f.file, 5);

    const std::string message =
        history_error_from([&] { (void)h.contains("alice", "Alice-Password-1"); });
    assert_mentions(message, f.file);
    assert_mentions(message, "line 2");
    // Hash text never appears in messages.
    assert_does_not_mention(message, "Salty");
    assert_does_not_mention(message, "Text");

    history_error_from([&] { h.record("carol", "Carol-Password-1"); });
    assert_true(read_file(f.file) == content);
  }
}

void rejects_hash_libcrypt_cannot_verify(void** state) {
  const Fixture& f = fixture(state);
  write_file(f.file, "alice:$zz$abcdefgh\n");
  PasswordHistory h = history(f.file, 5);
  assert_mentions(history_error_from([&] { (void)h.contains("alice", "Alice-Password-1"); }),
                  f.file);
  // Only the user's own hashes are ever given to libcrypt.
  assert_false(h.contains("bob", "Bob-Password-1"));
}

// ---- user names ------------------------------------------------------------

void rejects_invalid_user_names(void** state) {
  const Fixture& f = fixture(state);
  const std::string invalid[] = {
      "",
      "a:b",
      "a,b",
      "a\nb",
      "a\rb",
      std::string("a\0b", 3),
      "a\x01"
      "b",
      "a\x7f"
      "b",
      "a\xc2\x85"
      "b",  // NEL, a C1 control
      "a\xff"
      "b",  // not UTF-8
      "a\xc0\xaf"
      "b",  // overlong '/', two bytes
      "a\xe0\x80\xaf"
      "b",  // overlong '/', three bytes
      "a\xf0\x80\x80\xaf"
      "b",  // overlong '/', four bytes
      "a\xf4\x90\x80\x80"
      "b",  // beyond U+10FFFF
      "a\xed\xa0\x80"
      "b",          // surrogate
      "a\xe4\xb8",  // truncated sequence
      std::string(257, 'a'),
  };
  PasswordHistory h = history(f.file, 5);
  for (const std::string& user : invalid) {
    assert_mentions(history_error_from([&] { h.record(user, "Some-Password-1"); }),
                    "invalid user name");
    history_error_from([&] { (void)h.contains(user, "Some-Password-1"); });
  }
  assert_true(names_in(f.dir).empty());

  const std::string valid[] = {
      std::string(256, 'a'), "\xe5\xbc\xa0\xe4\xb8\x89" /* 张三 */,
      "DOMAIN\\user",        "first.last@example.com",
      "with space",
  };
  for (const std::string& user : valid) {
    h.record(user, "Some-Password-1");
    assert_true(h.contains(user, "Some-Password-1"));
  }
  assert_int_equal(lines_of(read_file(f.file)).size(), 5);
}

// ---- atomic replacement ----------------------------------------------------

void failed_write_leaves_file_intact(void** state) {
  const Fixture& f = fixture(state);
  std::string content;
  for (int i = 0; i < 200; ++i) {
    content += "user" + std::to_string(i) + ":$6$salt$" + std::string(40, 'h') + "\n";
  }
  write_file(f.file, content);

  // RLIMIT_FSIZE makes the write of the replacement fail half-way; in a child
  // so that the limit does not outlive the test.
  const pid_t child = fork();
  assert_true(child >= 0);
  if (child == 0) {
    signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{4096, 4096};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(10);
    try {
      history(f.file, 5).record("newcomer", "Newcomer-Password-1");
    } catch (const HistoryError& error) {
      _exit(std::string(error.what()).find(f.file) != std::string::npos ? 0 : 11);
    } catch (...) {
      _exit(12);
    }
    _exit(13);
  }
  assert_int_equal(wait_for(child), 0);
  assert_true(read_file(f.file) == content);
  assert_only_history_and_lock(f.dir);
  assert_false(history(f.file, 5).contains("newcomer", "Newcomer-Password-1"));
}

void concurrent_writers_lose_no_update(void** state) {
  const Fixture& f = fixture(state);
  constexpr int kWriters = 8;
  constexpr int kPasswordsPerWriter = 5;
  constexpr unsigned kRemember = 3;

  // All children start writing at once when the parent closes the pipe, to
  // make the read-modify-write sections overlap as much as possible.
  int start[2];
  assert_int_equal(pipe(start), 0);
  std::vector<pid_t> children;
  for (int writer = 0; writer < kWriters; ++writer) {
    const pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
      close(start[1]);
      char byte;
      if (read(start[0], &byte, 1) != 0) _exit(20);
      try {
        PasswordHistory h = history(f.file, kRemember);
        for (int generation = 0; generation < kPasswordsPerWriter; ++generation) {
          h.record("user" + std::to_string(writer), password_of(writer, generation));
        }
      } catch (...) {
        _exit(21);
      }
      _exit(0);
    }
    children.push_back(child);
  }
  close(start[0]);
  close(start[1]);
  for (const pid_t child : children) assert_int_equal(wait_for(child), 0);

  const std::string content = read_file(f.file);
  assert_int_equal(lines_of(content).size(), kWriters);
  PasswordHistory h = history(f.file, kRemember);
  for (int writer = 0; writer < kWriters; ++writer) {
    const std::string user = "user" + std::to_string(writer);
    assert_int_equal(hashes_of(content, user).size(),
                     std::min<unsigned>(kPasswordsPerWriter, kRemember));
    assert_true(h.contains(user, password_of(writer, kPasswordsPerWriter - 1)));
    assert_false(h.contains(user, password_of(writer, 0)));
  }
  assert_int_equal(permissions_of(f.file), 0600);
  assert_only_history_and_lock(f.dir);
}

void no_descriptor_leaks_on_any_path(void** state) {
  const Fixture& f = fixture(state);
  const std::size_t before = names_in("/proc/self/fd").size();
  PasswordHistory h = history(f.file, 2);
  assert_false(h.contains("alice", "Alice-Password-1"));
  h.record("alice", "Alice-Password-1");
  h.record("alice", "Alice-Password-2");
  h.record("alice", "Alice-Password-3");
  assert_true(h.contains("alice", "Alice-Password-3"));
  assert_int_equal(chmod(f.file.c_str(), 0644), 0);
  history_error_from([&] { (void)h.contains("alice", "Alice-Password-3"); });
  history_error_from([&] { h.record("alice", "Alice-Password-4"); });
  write_file(f.file, "alice\n");
  history_error_from([&] { (void)h.contains("alice", "Alice-Password-3"); });
  history_error_from([&] { h.record("alice", "Alice-Password-4"); });
  assert_int_equal(names_in("/proc/self/fd").size(), before);
}

// ---- locks: a stopped writer (issue 18, item 9) -----------------------------

using std::chrono::steady_clock;

std::string own_file_of(const std::string& file, const std::string& user) {
  return pam_idaas::files::entry_name(file, user);
}

// Holds `path` locked (as a writer does) until closed; -1 on failure.
int hold_lock(const std::string& path) {
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0 && flock(fd, LOCK_EX) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// The shared lock held elsewhere: the entry waits in the user's own file,
// which is read first and folded back by the user's next change.
void a_held_shared_lock_puts_the_entry_in_the_users_own_file(void** state) {
  const Fixture& f = fixture(state);
  HistoryRule rule;
  rule.remember = 3;
  rule.file = f.file;
  rule.hash = HashMethod::sha512crypt;
  PasswordHistory h(rule, 200);
  assert_false(h.record("bob", "Bob-Password-1").has_value());
  const int holder = hold_lock(f.file + ".lock");
  assert_true(holder >= 0);
  const std::optional<std::string> note = h.record("bob", "Bob-Password-2");
  close(holder);
  assert_true(note.has_value());
  assert_mentions(*note, f.file + ".lock is held by another process for more than 200 ms");
  assert_mentions(*note, "the entry of bob is kept in " + own_file_of(f.file, "bob"));
  assert_int_equal(permissions_of(own_file_of(f.file, "bob")), 0600);
  assert_true(h.contains("bob", "Bob-Password-2"));
  assert_true(h.contains("bob", "Bob-Password-1"));

  assert_false(h.record("bob", "Bob-Password-3").has_value());  // the lock is free again
  assert_int_equal(hashes_of(read_file(f.file), "bob").size(), 3);
  assert_false(exists(own_file_of(f.file, "bob")));
  assert_true(h.contains("bob", "Bob-Password-2"));
  assert_only_history_and_lock(f.dir);
}

void a_held_own_lock_drops_the_entry_after_a_bounded_wait(void** state) {
  const Fixture& f = fixture(state);
  HistoryRule rule;
  rule.file = f.file;
  rule.hash = HashMethod::sha512crypt;
  PasswordHistory h(rule, 200);
  const int holder = hold_lock(own_file_of(f.file, "alice") + ".lock");
  assert_true(holder >= 0);
  const auto start = steady_clock::now();
  const std::string message = history_error_from([&] { h.record("alice", "Pw-1"); });
  const auto waited = steady_clock::now() - start;
  close(holder);
  assert_mentions(message, "the new entry of alice is dropped");
  assert_mentions(message, "is held by another process for more than 200 ms");
  assert_true(waited < std::chrono::seconds(2));
  assert_false(h.contains("alice", "Pw-1"));
  h.record("alice", "Pw-1");  // free again: works
  assert_true(h.contains("alice", "Pw-1"));
}

// A child holding what a stopped passwd of `user` holds: that user's own lock
// and the shared one; stopped with SIGSTOP (Ctrl-Z, kill -STOP).
pid_t stopped_writer_of(const std::string& file, const std::string& user) {
  const pid_t child = fork();
  if (child == 0) {
    if (hold_lock(own_file_of(file, user) + ".lock") < 0) _exit(1);
    if (hold_lock(file + ".lock") < 0) _exit(1);
    raise(SIGSTOP);
    _exit(0);
  }
  int status = 0;
  if (child < 0 || waitpid(child, &status, WUNTRACED) != child || !WIFSTOPPED(status)) return -1;
  return child;
}

std::string error_of(PasswordHistory& h, const std::string& user, const std::string& password) {
  try {
    h.record(user, password);
  } catch (const HistoryError& e) {
    return e.what();
  }
  return {};
}

// Before: every other user's change waited 5 s and lost its entry. Results
// are gathered before asserting: the stopped child is killed first.
void a_stopped_writer_delays_other_users_entries_but_loses_none(void** state) {
  const Fixture& f = fixture(state);
  PasswordHistory h = history(f.file, 3);  // the module's wait: 5 s
  h.record("bob", "Bob-Password-1");
  const pid_t writer = stopped_writer_of(f.file, "alice");
  assert_true(writer > 0);
  const auto start = steady_clock::now();
  const std::string bob_error = error_of(h, "bob", "Bob-Password-2");
  const auto bob_waited = steady_clock::now() - start;
  const bool bob_recorded = bob_error.empty() && h.contains("bob", "Bob-Password-2");
  const std::string alice_error = error_of(h, "alice", "Alice-Password-1");
  kill(writer, SIGKILL);
  waitpid(writer, nullptr, 0);

  if (!bob_error.empty()) fail_msg("bob's entry lost: %s", bob_error.c_str());
  assert_true(bob_recorded);
  assert_true(bob_waited < std::chrono::seconds(8));
  assert_mentions(alice_error, "the new entry of alice is dropped");
  assert_mentions(alice_error, "held by another process for more than 5000 ms");
  h.record("bob", "Bob-Password-3");
  assert_int_equal(hashes_of(read_file(f.file), "bob").size(), 3);
  assert_false(exists(own_file_of(f.file, "bob")));
}

// ---- leftovers of killed writers ---------------------------------------------

void make_old(const std::string& path) {
  const timespec times[2] = {{0, UTIME_OMIT}, {time(nullptr) - 7200, 0}};
  assert_int_equal(utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0);
}

// A complete store of another user, as a writer killed before its rename
// leaves it: never read, removed once old by the next write.
void leftover_temporaries_are_removed_by_the_next_write_and_never_read(void** state) {
  const Fixture& f = fixture(state);
  history(f.dir + "/other/history", 3).record("mallory", "Mallory-Password-1");
  const std::string leftover = read_file(f.dir + "/other/history");
  PasswordHistory h = history(f.file, 3);
  h.record("alice", "Alice-Password-1");
  const std::string own_name = own_file_of(f.file, "alice").substr(f.dir.size() + 1);
  const std::string stale = f.dir + "/.history.Ab12Cd";
  const std::string own_stale = f.dir + "/." + own_name + ".Qw34Er";
  const std::string young = f.dir + "/.history.Yz98Xw";
  const std::string other_pattern = f.dir + "/.history.Ab12Cde";
  const std::string link = f.dir + "/.history.Sy12Ln";
  for (const std::string& path : {stale, own_stale, young, other_pattern}) {
    write_file(path, leftover);
  }
  assert_int_equal(symlink(stale.c_str(), link.c_str()), 0);
  for (const std::string& path : {stale, own_stale, other_pattern, link}) make_old(path);
  assert_false(h.contains("mallory", "Mallory-Password-1"));

  h.record("alice", "Alice-Password-2");
  assert_false(exists(stale));
  assert_false(exists(own_stale));
  assert_true(exists(young));          // may belong to a live writer
  assert_true(exists(other_pattern));  // not a name the store makes
  assert_true(exists(link));           // not a regular file
  assert_false(h.contains("mallory", "Mallory-Password-1"));
  assert_true(h.contains("alice", "Alice-Password-1"));
}

// ---- the directory -----------------------------------------------------------

std::string make_directory(const std::string& path, mode_t mode) {
  assert_int_equal(mkdir(path.c_str(), 0700), 0);
  assert_int_equal(chmod(path.c_str(), mode), 0);
  return path;
}

// Both the check and the record refuse, and nothing is written.
std::string refusal_for(const std::string& file) {
  PasswordHistory h = history(file, 3);
  const std::string when_checking = history_error_from([&] { (void)h.contains("alice", "Pw-1"); });
  const std::string when_recording = history_error_from([&] { h.record("alice", "Pw-1"); });
  assert_true(when_checking == when_recording);
  assert_false(exists(file));
  assert_false(exists(file + ".lock"));
  return when_recording;
}

void refuses_a_history_directory_others_may_write(void** state) {
  const Fixture& f = fixture(state);
  const std::string directory = make_directory(f.dir + "/state", 0777);
  const std::string message = refusal_for(directory + "/history");
  assert_mentions(message, "history directory " + directory + " is open to group or others");
  assert_mentions(message, "(mode 0777): chmod go-w " + directory + "; not using it");
}

void refuses_a_symlinked_history_directory(void** state) {
  const Fixture& f = fixture(state);
  const std::string real = make_directory(f.dir + "/real", 0700);
  assert_int_equal(symlink(real.c_str(), (f.dir + "/link").c_str()), 0);
  const std::string message = refusal_for(f.dir + "/link/history");
  assert_mentions(message, "history directory " + f.dir + "/link is not a directory");
  assert_false(exists(real + "/history"));
}

void refuses_a_history_directory_below_a_parent_others_may_write(void** state) {
  const Fixture& f = fixture(state);
  const std::string open = make_directory(f.dir + "/open", 0777);
  const std::string directory = make_directory(open + "/state", 0700);
  const std::string message = refusal_for(directory + "/history");
  assert_mentions(message, "history directory " + directory + " is below " + open +
                               ", which group or others may write (mode 0777)");
}

// /tmp: others may add names, not rename or remove ours.
void accepts_a_history_directory_below_a_sticky_parent(void** state) {
  const Fixture& f = fixture(state);
  const std::string sticky = make_directory(f.dir + "/sticky", 01777);
  const std::string directory = make_directory(sticky + "/state", 0755);
  PasswordHistory h = history(directory + "/history", 3);
  h.record("alice", "Pw-1");
  assert_true(h.contains("alice", "Pw-1"));
}

void refuses_a_history_directory_of_another_owner(void** state) {
  if (geteuid() != 0) skip_because("only root can give a directory away");
  const Fixture& f = fixture(state);
  const std::string directory = make_directory(f.dir + "/state", 0700);
  assert_int_equal(chown(directory.c_str(), 65534, 65534), 0);
  const std::string message = refusal_for(directory + "/history");
  assert_mentions(message, "history directory " + directory + " is owned by uid 65534, not uid 0");
}

}  // namespace

// Every test gets a fresh directory and runs guarded.
#define HISTORY_TEST(name) \
  { #name, guarded < name>, set_up, tear_down, nullptr }

int main() {
  const struct CMUnitTest tests[] = {
      HISTORY_TEST(missing_file_is_not_contained),
      HISTORY_TEST(record_then_contains_yescrypt),
      HISTORY_TEST(record_then_contains_sha512crypt),
      HISTORY_TEST(passwords_of_512_bytes_and_more_are_recorded_and_found),
      HISTORY_TEST(same_password_twice_gives_different_hashes),
      HISTORY_TEST(remember_keeps_only_newest),
      HISTORY_TEST(lowered_remember_limits_what_counts_and_is_kept),
      HISTORY_TEST(other_users_lines_are_preserved),
      HISTORY_TEST(blank_lines_and_missing_final_newline_are_accepted),
      HISTORY_TEST(remember_zero_turns_history_off),
      HISTORY_TEST(creates_missing_parent_directory),
      HISTORY_TEST(files_root_creates_belong_to_group_root),
      HISTORY_TEST(rejects_password_with_nul_byte),
      HISTORY_TEST(rejects_group_or_other_permissions),
      HISTORY_TEST(rejects_symbolic_link),
      HISTORY_TEST(rejects_file_owned_by_another_user),
      HISTORY_TEST(rejects_file_that_is_not_regular),
      HISTORY_TEST(rejects_oversized_file),
      HISTORY_TEST(rejects_corrupt_content_naming_the_line),
      HISTORY_TEST(rejects_hash_libcrypt_cannot_verify),
      HISTORY_TEST(rejects_invalid_user_names),
      HISTORY_TEST(failed_write_leaves_file_intact),
      HISTORY_TEST(a_held_shared_lock_puts_the_entry_in_the_users_own_file),
      HISTORY_TEST(a_held_own_lock_drops_the_entry_after_a_bounded_wait),
      HISTORY_TEST(a_stopped_writer_delays_other_users_entries_but_loses_none),
      HISTORY_TEST(leftover_temporaries_are_removed_by_the_next_write_and_never_read),
      HISTORY_TEST(refuses_a_history_directory_others_may_write),
      HISTORY_TEST(refuses_a_symlinked_history_directory),
      HISTORY_TEST(refuses_a_history_directory_below_a_parent_others_may_write),
      HISTORY_TEST(accepts_a_history_directory_below_a_sticky_parent),
      HISTORY_TEST(refuses_a_history_directory_of_another_owner),
      HISTORY_TEST(concurrent_writers_lose_no_update),
      HISTORY_TEST(no_descriptor_leaks_on_any_path),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
