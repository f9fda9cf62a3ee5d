#include "config/language.h"

#include <cstdlib>
#include <string>

namespace pam_idaas::config {

policy::LocaleVariables process_locale() {
  const auto value = [](const char* name) {
    const char* text = std::getenv(name);
    return std::string(text != nullptr ? text : "");
  };
  return {value("LC_ALL"), value("LC_MESSAGES"), value("LANG")};
}

policy::Language language_from_environment(const policy::LocaleVariables& session) {
  if (const auto language = policy::language_from(session)) return *language;
  return policy::language_from(process_locale()).value_or(policy::Language::en);
}

}  // namespace pam_idaas::config
