#include "pam_module/preparation.h"

#include <algorithm>

#include "config/language.h"
#include "pam_module/printable.h"

namespace pam_idaas::module {

bool in_scope(const config::UserScope& scope, const std::string& user,
              const std::optional<LocalUser>& local) {
  if (std::ranges::find(scope.ignore, user) != scope.ignore.end()) return false;
  return !local || local->uid >= scope.min_uid;
}

Preparation prepare(const Services& services, const Arguments& args) {
  Host& host = services.host;
  Preparation p;
  p.language = config::language_from_environment(host.session_locale());
  for (const auto& problem : args.problems) host.log(Priority::warning, problem);

  auto user = host.user();
  if (!user) {
    host.log(Priority::error, "no user name from PAM");
    p.stop = Result::user_unknown;
    return p;
  }
  p.user = std::move(*user);

  auto loaded = config::load_file(args.config_path);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) host.log(Priority::error, e.to_string());
    p.stop = Result::service_error;
    return p;
  }
  p.config = std::move(loaded.config);
  if (p.config.language != config::LanguageSetting::automatic) {
    p.language = config::resolve(p.config.language);
  }
  host.use_language(p.language);

  p.local = services.accounts.find(p.user);
  if (!in_scope(p.config.users, p.user, p.local)) {
    host.log(Priority::debug,
             "user " + printable(p.user) + " is outside users: in the configuration");
    p.stop = Result::ignore;
  }
  return p;
}

}  // namespace pam_idaas::module
