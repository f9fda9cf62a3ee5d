// In-memory stand-ins for what the module's flows talk to: a scripted PAM
// conversation, the host's accounts and the tenant. They record every call so
// that tests can assert which endpoint was used with which passwords.
#pragma once

#include <stdlib.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "pam_module/arguments.h"
#include "pam_module/change.h"
#include "pam_module/host.h"

namespace flow_fakes {

using namespace pam_idaas::module;
namespace tenant = pam_idaas::tenant;

class ScriptedHost final : public Host {
 public:
  std::optional<std::string> user_name = "alice";
  std::deque<std::string> typed;     // what the user types, in order
  std::vector<std::string> prompts;  // "old", "new", "retype", in order
  std::vector<std::string> errors, infos, logs;
  std::optional<std::string> old_item, new_item;  // PAM_OLDAUTHTOK, PAM_AUTHTOK

  std::optional<std::string> user() override { return user_name; }

  Token old_password(std::string_view) override {
    if (old_item) return {Token::Status::ok, *old_item, true};
    if (!ask("old")) return {};
    old_item = take();
    return {Token::Status::ok, *old_item, false};
  }
  Token new_password() override {
    if (new_item) return {Token::Status::ok, *new_item, true};
    if (!ask("new")) return {};
    new_item = take();
    return {Token::Status::ok, *new_item, false};
  }
  Token confirm_new_password(const Token& first) override {
    if (!ask("retype")) return {};
    std::string again = take();
    if (again != first.text) {
      new_item.reset();
      errors.push_back("Sorry, passwords do not match.");
      return {Token::Status::mismatch, {}, false};
    }
    new_item = std::move(again);
    return {Token::Status::ok, *new_item, false};
  }
  void forget_new_password() override { new_item.reset(); }
  void forget_old_password() override { old_item.reset(); }
  std::optional<std::string> auth_item;  // PAM_AUTHTOK in the auth stack
  std::string rhost;
  Token password(std::string_view) override {
    if (auth_item) return {Token::Status::ok, *auth_item, true};
    if (!ask("password")) return {};
    auth_item = take();
    return {Token::Status::ok, *auth_item, false};
  }
  void forget_password() override { auth_item.reset(); }
  std::string remote_host() override { return rhost; }
  pam_idaas::policy::LocaleVariables pam_environment;  // LC_ALL, LC_MESSAGES, LANG
  pam_idaas::policy::LocaleVariables session_locale() override { return pam_environment; }
  std::string service_name = "passwd";  // root's resets come through passwd(1) unless a test says
  std::string service() override { return service_name; }
  void error(std::string_view text) override { errors.emplace_back(text); }
  void info(std::string_view text) override { infos.emplace_back(text); }
  void log(Priority, std::string_view text) override { logs.emplace_back(text); }

  std::string all_errors() const {
    std::string out;
    for (const auto& e : errors) out += e + "\n";
    return out;
  }
  std::string all_output() const {
    std::string out = all_errors();
    for (const auto& e : infos) out += e + "\n";
    for (const auto& e : logs) out += e + "\n";
    return out;
  }

 private:
  bool ask(const char* what) {
    prompts.emplace_back(what);
    return !typed.empty();  // nothing left: the conversation fails
  }
  std::string take() {
    std::string s = typed.front();
    typed.pop_front();
    return s;
  }
};

class FakeAccounts final : public LocalAccounts {
 public:
  std::map<std::string, LocalUser> users;
  std::map<std::string, std::string> shadow;  // user -> password the local hash is of
  bool shadow_readable = true;

  std::optional<LocalUser> find(const std::string& user) override {
    auto it = users.find(user);
    if (it == users.end()) return std::nullopt;
    return it->second;
  }
  LocalCheck check_password(const std::string& user, std::string_view password) override {
    if (!shadow_readable) return LocalCheck::cannot_read;
    auto it = shadow.find(user);
    if (it == shadow.end()) return LocalCheck::no_local_hash;
    return it->second == password ? LocalCheck::matches : LocalCheck::differs;
  }
  // The "hash" of a fake shadow entry is its password: the fingerprint tells them apart.
  std::string hash_fingerprint(const std::string& user) override {
    if (!shadow_readable) return {};
    auto it = shadow.find(user);
    return it == shadow.end() ? std::string() : "fp:" + it->second;
  }
  std::vector<std::string> writes;  // users whose shadow entry make_current wrote
  bool writes_fail = false;
  HostWrite make_current(const std::string& user, std::string_view password) override {
    if (writes_fail) return {false, "simulated chpasswd failure"};
    writes.push_back(user);
    shadow[user] = std::string(password);
    return {true, "written"};
  }
};

struct TenantCall {
  std::string endpoint;  // "change-password-verify" or "change-password"
  std::string user_id, old_password, new_password;
  bool must_modify = false;
};

class MemoryTenant {
 public:
  // POST /api/v2/sdk/login: what was sent, and failures replayed first.
  std::vector<std::string> logins;              // "user:password" in order
  std::string login_device_ip, login_language;  // the last login's caller
  std::deque<tenant::Outcome> login_answers;
  bool login_next_step = false;  // answer with a state_token
  struct User {
    tenant::UserRecord record;
    std::string password;
  };
  std::map<std::string, User> users;  // by user name
  std::optional<tenant::Outcome> lookup_failure;
  std::deque<tenant::Outcome> change_answers;  // replayed before the normal behaviour
  bool apply_before_failing = false;  // a replayed failure lost the answer of an applied change
  std::optional<tenant::Outcome> lookup_failure_after_change;  // the lookup that checks fails
  int changes_applied = 0;
  std::vector<TenantCall> calls;
  int lookups = 0;
  int budgets = 0;
  int live_clients = 0;        // TenantViews not yet destroyed
  bool change_throws = false;  // a change request ends in an exception

  void add(const std::string& name, const std::string& password, bool must_modify = false) {
    User u;
    u.record.user_id = "id-" + name;
    u.record.user_name = name;
    u.record.name = "Alice Smith";
    u.record.mobile = "13800138000";
    u.record.email = name + ".smith@example.com";
    u.record.pwd_must_modify = must_modify;
    u.record.pwd_change_at = stamp(0);
    u.password = password;
    users[name] = u;
  }

  tenant::Reply<tenant::UserRecord> find_user(std::string_view name) {
    ++lookups;
    if (lookup_failure) return {*lookup_failure, std::nullopt};
    if (lookup_failure_after_change && !calls.empty()) {
      return {*lookup_failure_after_change, std::nullopt};
    }
    auto it = users.find(std::string(name));
    if (it == users.end())
      return {rejected(pam_idaas::policy::Rule::user_not_found, "USER.0001"), {}};
    return {{}, it->second.record};
  }

  tenant::Reply<tenant::LoginAnswer> login(std::string_view name, std::string_view password) {
    logins.push_back(std::string(name) + ":" + std::string(password));
    if (!login_answers.empty()) {
      auto answer = login_answers.front();
      login_answers.pop_front();
      if (answer.ok()) return {answer, tenant::LoginAnswer{login_next_step}};
      return {answer, std::nullopt};
    }
    auto it = users.find(std::string(name));
    if (it == users.end() || it->second.password != password) {
      tenant::Outcome o;
      o.status = tenant::Status::rejected;
      o.code = "LOGIN.0002";
      o.detail = "Invalid account name or password. Remaining attempts: 8.";
      o.http_status = 400;
      return {o, std::nullopt};
    }
    return {{}, tenant::LoginAnswer{login_next_step}};
  }

  tenant::Outcome change(TenantCall call) {
    calls.push_back(call);
    if (change_throws) throw std::runtime_error("simulated internal error");
    if (!change_answers.empty()) {
      auto answer = change_answers.front();
      change_answers.pop_front();
      if (apply_before_failing) apply(call);
      return answer;
    }
    return apply(call);
  }

  tenant::Outcome apply(const TenantCall& call) {
    User* user = by_id(call.user_id);
    if (user == nullptr) return rejected(pam_idaas::policy::Rule::user_not_found, "USER.0001");
    if (call.endpoint == "change-password-verify" && call.old_password != user->password) {
      return rejected(pam_idaas::policy::Rule::old_password_incorrect, "PWD.0014");
    }
    user->password = call.new_password;
    user->record.pwd_must_modify = call.endpoint == "change-password" && call.must_modify;
    user->record.pwd_change_at = stamp(++changes_applied);
    return {};
  }

  // The tenant's timestamps: ISO-8601 UTC, increasing with every change.
  static std::string stamp(int n) {
    return "2026-11-23T10:00:" + std::string(n < 10 ? "0" : "") + std::to_string(n) + ".000Z";
  }

  static tenant::Outcome rejected(pam_idaas::policy::Rule rule, std::string code) {
    tenant::Outcome o;
    o.status = tenant::Status::rejected;
    o.rule = rule;
    o.code = std::move(code);
    o.detail = "refused";
    o.http_status = 400;
    return o;
  }
  static tenant::Outcome failure(tenant::Status status, bool maybe_applied = false) {
    tenant::Outcome o;
    o.status = status;
    o.detail = "simulated failure";
    o.maybe_applied = maybe_applied;
    return o;
  }

  int count(const std::string& endpoint) const {
    int n = 0;
    for (const auto& c : calls) n += c.endpoint == endpoint;
    return n;
  }

 private:
  User* by_id(const std::string& id) {
    for (auto& [name, user] : users) {
      if (user.record.user_id == id) return &user;
    }
    return nullptr;
  }
};

// What the flows get from tenant::PortFactory: a view of the test's MemoryTenant.
class TenantView final : public tenant::Port {
 public:
  explicit TenantView(MemoryTenant& tenant) : tenant_(tenant) { ++tenant_.live_clients; }
  ~TenantView() override { --tenant_.live_clients; }
  TenantView(const TenantView&) = delete;
  TenantView& operator=(const TenantView&) = delete;
  void restart_budget() override { ++tenant_.budgets; }
  tenant::Reply<tenant::UserRecord> find_user(std::string_view user) override {
    return tenant_.find_user(user);
  }
  tenant::Outcome change_password(std::string_view id, std::string_view old_password,
                                  std::string_view new_password) override {
    return tenant_.change({"change-password-verify", std::string(id), std::string(old_password),
                           std::string(new_password), false});
  }
  tenant::Outcome reset_password(std::string_view id, std::string_view new_password,
                                 bool must_modify) override {
    return tenant_.change(
        {"change-password", std::string(id), "", std::string(new_password), must_modify});
  }
  tenant::Reply<tenant::LoginAnswer> login(std::string_view user, std::string_view password,
                                           const tenant::LoginCaller& caller) override {
    tenant_.login_device_ip = caller.device_ip;
    tenant_.login_language = caller.language;
    return tenant_.login(user, password);
  }

 private:
  MemoryTenant& tenant_;
};

// A private directory with a config file in it, removed at the end.
class ConfigDir {
 public:
  ConfigDir() {
    char dir[] = "/tmp/test_flows.XXXXXX";
    if (mkdtemp(dir) != nullptr) path_ = dir;
  }
  ~ConfigDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ConfigDir(const ConfigDir&) = delete;
  ConfigDir& operator=(const ConfigDir&) = delete;

  // Writes the config; "@DIR@" in the text stands for this directory.
  std::string write(std::string yaml) const {
    for (auto at = yaml.find("@DIR@"); at != std::string::npos; at = yaml.find("@DIR@")) {
      yaml.replace(at, 5, path_);
    }
    const std::string file = path_ + "/pam_idaas.yaml";
    std::ofstream(file) << yaml;
    return file;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The sync records of a test, kept in memory; counts what the flows did with them.
struct MemoryRecords {
  std::map<std::string, SyncRecord> by_user;
  int remembered = 0;
  int forgotten = 0;
};

class RecordsView final : public SyncStore {
 public:
  explicit RecordsView(MemoryRecords& records) : records_(records) {}
  std::optional<SyncRecord> recall(std::string_view user) override {
    auto it = records_.by_user.find(std::string(user));
    if (it == records_.by_user.end()) return std::nullopt;
    return it->second;
  }
  void remember(std::string_view user, const SyncRecord& record) override {
    ++records_.remembered;
    records_.by_user[std::string(user)] = record;
  }
  void forget(std::string_view user) override {
    ++records_.forgotten;
    records_.by_user.erase(std::string(user));
  }

 private:
  MemoryRecords& records_;
};

// Everything a flow runs against, the config written to a private directory.
struct Fakes {
  ConfigDir dir;
  ScriptedHost host;
  FakeAccounts accounts;
  MemoryTenant tenant;
  Arguments args;
  int connections = 0;          // tenant clients the flow made
  bool connect_throws = false;  // making a client ends in an exception (an internal error)
  bool may_cache = false;       // as for a caller whose effective uid is not 0
  bool may_write_shadow = false;
  MemoryRecords records;
  bool keeps_records = false;             // as root with a cache directory: SyncRecords opens
  tenant::TenantSettings connected_with;  // what the last client was made with
  std::string token_cache_directory;

  explicit Fakes(const std::string& yaml) { args.config_path = dir.write(yaml); }

  Services services() {
    return {
        host,
        accounts,
        [this](const tenant::TenantSettings& settings, const std::string& token_cache) {
          ++connections;
          if (connect_throws) throw std::runtime_error("simulated internal error");
          connected_with = settings;
          token_cache_directory = token_cache;
          return std::make_unique<TenantView>(tenant);
        },
        may_cache,
        may_write_shadow,
        [this](const Services&, const pam_idaas::config::Config&) -> std::unique_ptr<SyncStore> {
          if (!keeps_records) return nullptr;
          return std::make_unique<RecordsView>(records);
        }};
  }
};

// What libpam does with a password stack: every module's preliminary pass, then (unless it
// failed) the update pass.
inline Result change_password(const Services& services, const Arguments& args, Caller caller,
                              ChangeState& state) {
  const ChangeContext cx{services, args, caller};
  const Result prelim = prelim_check(cx, state);
  if (prelim != Result::success && prelim != Result::ignore) return prelim;
  return update_authtok(cx, state);
}

inline constexpr const char* kAliceOld = "Lantern#4821";  // her password when a change starts

// The config of a ChangeWorld: a history in its private directory, and a tenant that
// MemoryTenant stands in for.
inline constexpr const char* kChangeConfig = R"(policy:
  history:
    file: @DIR@/history
tenant:
  base_url: https://tenant.example.com
  client_id: test-client
)";

// alice (uid 1000) changing her password against the fakes, by default as a user running
// passwd; `type` scripts her answers.
struct ChangeWorld : Fakes {
  Caller caller{false, false};
  ChangeState state;

  explicit ChangeWorld(const std::string& yaml = kChangeConfig) : Fakes(yaml) {
    tenant.add("alice", kAliceOld);
    accounts.users["alice"] = {1000, "Alice Smith"};
  }

  Result run() { return change_password(services(), args, caller, state); }

  void type(std::vector<std::string> answers) {
    for (auto& a : answers) host.typed.push_back(std::move(a));
  }
};

}  // namespace flow_fakes
