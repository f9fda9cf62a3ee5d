// The first steps both flows share: the module arguments, the user, the
// configuration, and whether the module manages this account at all.
#pragma once

#include <optional>
#include <string>

#include "config/config.h"
#include "pam_module/arguments.h"
#include "pam_module/host.h"
#include "pam_module/result.h"
#include "policy/catalogue.h"

namespace pam_idaas::module {

struct Preparation {
  // Set when the flow ends here: ignore (an account the module leaves alone),
  // user_unknown, or service_error (the configuration is unusable: logged).
  std::optional<Result> stop;
  config::Config config;
  std::string user;
  std::optional<LocalUser> local;  // when the name service knows the user
  policy::Language language = policy::Language::en;
};

Preparation prepare(const Services& services, const Arguments& args);

// Whether the module manages `user` under `scope`.
bool in_scope(const config::UserScope& scope, const std::string& user,
              const std::optional<LocalUser>& local);

}  // namespace pam_idaas::module
