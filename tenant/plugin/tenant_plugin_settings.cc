#include "tenant/plugin/tenant_plugin_settings.h"

#include <charconv>
#include <optional>

namespace pam_idaas::tenant {
namespace {

using tenant::TenantSettings;

struct TextKey {
  const char* key;
  std::string TenantSettings::*member;
};
struct NumberKey {
  const char* key;
  unsigned TenantSettings::*member;
};
struct FlagKey {
  const char* key;
  bool TenantSettings::*member;
};

constexpr TextKey kTexts[] = {
    {"base_url", &TenantSettings::base_url},
    {"client_id", &TenantSettings::client_id},
    {"login_client_id", &TenantSettings::login_client_id},
    {"client_secret_file", &TenantSettings::client_secret_file},
    {"ca_file", &TenantSettings::ca_file},
    {"proxy", &TenantSettings::proxy},
    {"must_modify_field", &TenantSettings::must_modify_field},
};
constexpr NumberKey kNumbers[] = {
    {"connect_timeout_ms", &TenantSettings::connect_timeout_ms},
    {"budget_ms", &TenantSettings::budget_ms},
};
constexpr FlagKey kFlags[] = {
    {"must_modify", &TenantSettings::must_modify},
};
constexpr const char* kChangeEndpoint = "change_endpoint";

std::optional<unsigned> parse_number(std::string_view text) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return {};
  return value;
}

std::string bad_value(std::string_view key) {
  return "tenant client: setting " + std::string(key) + " has a value it cannot take";
}

}  // namespace

SettingTexts settings_to_texts(const TenantSettings& settings) {
  SettingTexts texts;
  for (const auto& [key, member] : kTexts) texts.emplace_back(key, settings.*member);
  for (const auto& [key, member] : kNumbers)
    texts.emplace_back(key, std::to_string(settings.*member));
  for (const auto& [key, member] : kFlags)
    texts.emplace_back(key, settings.*member ? "true" : "false");
  texts.emplace_back(kChangeEndpoint, settings.change_endpoint == tenant::ChangeEndpoint::admin
                                          ? "admin"
                                          : "verify");
  return texts;
}

std::string apply_setting(TenantSettings& settings, std::string_view key, std::string_view value) {
  for (const auto& [name, member] : kTexts)
    if (key == name) {
      settings.*member = value;
      return {};
    }
  for (const auto& [name, member] : kNumbers)
    if (key == name) {
      const auto number = parse_number(value);
      if (!number) return bad_value(key);
      settings.*member = *number;
      return {};
    }
  for (const auto& [name, member] : kFlags)
    if (key == name) {
      if (value != "true" && value != "false") return bad_value(key);
      settings.*member = value == "true";
      return {};
    }
  if (key == kChangeEndpoint) {
    if (value != "admin" && value != "verify") return bad_value(key);
    settings.change_endpoint =
        value == "admin" ? tenant::ChangeEndpoint::admin : tenant::ChangeEndpoint::verify;
    return {};
  }
  return "tenant client: unknown setting " + std::string(key) +
         " (the module and its tenant client are of different builds)";
}

}  // namespace pam_idaas::tenant
