// pam-idaas check: the policy's verdict on one password, as the PAM module
// would give it.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/load_config.h"
#include "cli/options.h"
#include "cli/password_input.h"
#include "config/config.h"
#include "policy/policy.h"

namespace pam_idaas::cli {

namespace {

constexpr const char* kUsage =
    "Usage: pam-idaas check --user NAME [--name REALNAME] [--mobile NUMBER]\n"
    "                       [--email ADDR] [--config FILE] [--lang en|zh] [--json]\n"
    "                       [--with-current]\n"
    "\n"
    "Reads one password from standard input and checks it against the policy of\n"
    "the configuration file (default " PAM_IDAAS_CONFIG_FILE
    ") for the given user.\n"
    "Prints one line per violated rule, 'CODE: message' with the tenant's\n"
    "change-password-verify code, or with --json an object with 'accepted' and\n"
    "'violations' (rule id, both codes, message).\n"
    "With --with-current, standard input holds two lines: the current password,\n"
    "then the new one, which must differ from it by policy.similarity.min_changes.\n"
    "\n"
    "Exit status: 0 accepted, 1 rejected, 2 usage or configuration error.\n";

const OptionSpec kSpec{
    .with_value = {"--user", "--name", "--mobile", "--email", "--config", "--lang"},
    .flags = {"--json", "--help", "--with-current"},
};

policy::Language language_of(const Options& opts, const config::Config& cfg) {
  const auto lang = opts.value("--lang");
  if (!lang) return config::resolve(cfg.language);
  if (*lang == "en") return policy::Language::en;
  if (*lang == "zh") return policy::Language::zh;
  throw UsageError("--lang must be en or zh");
}

void print_text(const policy::Verdict& verdict, policy::Language lang) {
  if (verdict.accepted()) {
    std::cout << "OK: " << policy::phrase(policy::Phrase::accepted, lang) << '\n';
  }
  for (const auto& v : verdict.violations) {
    std::cout << policy::info(v.rule).verify_code << ": " << policy::message(v, lang) << '\n';
  }
}

void print_json(const policy::Verdict& verdict, policy::Language lang) {
  auto violations = nlohmann::json::array();
  for (const auto& v : verdict.violations) {
    const auto& rule = policy::info(v.rule);
    violations.push_back({
        {"rule", rule.id},
        {"code", rule.verify_code},
        {"admin_code",
         rule.admin_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(rule.admin_code)},
        {"message", policy::message(v, lang)},
    });
  }
  const nlohmann::json out{{"accepted", verdict.accepted()}, {"violations", violations}};
  std::cout << out.dump() << '\n';
}

}  // namespace

int run_check(std::span<char*> args) {
  std::optional<Options> opts;
  try {
    opts.emplace(args, kSpec);
    if (!opts->flag("--help") && !opts->value("--user")) throw UsageError("--user is required");
  } catch (const UsageError& e) {
    std::cerr << "pam-idaas check: " << e.what() << "\n\n" << kUsage;
    return kExitUsage;
  }
  if (opts->flag("--help")) {
    std::cout << kUsage;
    return kExitOk;
  }

  const auto cfg = load_config(*opts);
  if (!cfg) return kExitUsage;
  const policy::Language lang = language_of(*opts, *cfg);

  const std::string username = *opts->value("--user");
  const std::string name = opts->value("--name").value_or("");
  const std::string mobile = opts->value("--mobile").value_or("");
  const std::string email = opts->value("--email").value_or("");
  const policy::UserData user{username, name, mobile, email};

  try {
    const policy::Policy engine(cfg->policy);
    const policy::PasswordHistory history(cfg->policy.history);
    // The store is root's alone: any other user sees the rest of the policy.
    const bool with_history = geteuid() == 0;
    if (!with_history && cfg->policy.history.remember > 0) {
      std::cerr << "pam-idaas check: note: password history not checked (root only)\n";
    }
    PasswordReader input(STDIN_FILENO);
    const bool with_current = opts->flag("--with-current");
    const Secret current = with_current ? input.line("Current password: ") : Secret();
    const Secret password = input.line(with_current ? "New password: " : "Password: ");
    const policy::Previous previous{with_history ? &history : nullptr, current};
    const policy::Verdict verdict = engine.check(password, user, previous);
    if (opts->flag("--json")) {
      print_json(verdict, lang);
    } else {
      print_text(verdict, lang);
    }
    return verdict.accepted() ? kExitOk : kExitRejected;
  } catch (const policy::WeakListError& e) {
    std::cerr << "pam-idaas check: " << e.what() << '\n';
  } catch (const policy::HistoryError& e) {
    std::cerr << "pam-idaas check: " << e.what() << '\n';
  }
  return kExitUsage;
}

}  // namespace pam_idaas::cli
