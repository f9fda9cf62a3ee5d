#include "pam_module/tenant_plugin_port.h"

#include <stdexcept>
#include <vector>

#include "policy/catalogue.h"
#include "tenant/plugin/tenant_plugin_settings.h"

namespace pam_idaas::module {
namespace {

std::string text(const pam_idaas_tenant_text& t) {
  return t.data == nullptr ? std::string() : std::string(t.data, t.length);
}

std::optional<policy::Rule> rule_named(const std::string& id) {
  for (const auto& info : policy::catalogue())
    if (info.id == id) return info.rule;
  return std::nullopt;
}

tenant::Outcome outcome_of(const pam_idaas_tenant_outcome& c) {
  if (c.status < PAM_IDAAS_TENANT_OK || c.status > PAM_IDAAS_TENANT_MISCONFIGURED)
    throw TenantPluginFailure("tenant client failed: " + text(c.detail));
  tenant::Outcome outcome;
  outcome.status = static_cast<tenant::Status>(c.status);
  outcome.http_status = c.http_status;
  outcome.rule = rule_named(text(c.rule));
  outcome.code = text(c.code);
  outcome.detail = text(c.detail);
  outcome.maybe_applied = c.maybe_applied != 0;
  outcome.may_still_apply = c.may_still_apply != 0;
  outcome.caller_environment = c.caller_environment != 0;
  return outcome;
}

tenant::UserRecord record_of(const pam_idaas_tenant_user& c) {
  tenant::UserRecord record;
  record.user_id = text(c.user_id);
  record.user_name = text(c.user_name);
  record.name = text(c.name);
  record.mobile = text(c.mobile);
  record.email = text(c.email);
  record.pwd_change_at = text(c.pwd_change_at);
  record.pwd_must_modify = c.pwd_must_modify != 0;
  record.disabled = c.disabled != 0;
  record.locked = c.locked != 0;
  return record;
}

class PluginPort final : public tenant::Port {
 public:
  PluginPort(const TenantPluginFunctions& functions, pam_idaas_tenant_t* handle)
      : f_(functions), handle_(handle) {}
  ~PluginPort() override { f_.destroy(handle_); }
  PluginPort(const PluginPort&) = delete;
  PluginPort& operator=(const PluginPort&) = delete;

  void restart_budget() override {
    pam_idaas_tenant_outcome c{};
    f_.restart_budget(handle_, &c);
    outcome_of(c);
  }

  tenant::Reply<tenant::UserRecord> find_user(std::string_view user) override {
    pam_idaas_tenant_outcome c{};
    pam_idaas_tenant_user record{};
    f_.find_user(handle_, user.data(), user.size(), &c, &record);
    tenant::Reply<tenant::UserRecord> result{outcome_of(c), std::nullopt};
    if (result.outcome.ok()) result.value = record_of(record);
    return result;
  }

  tenant::Outcome change_password(std::string_view user_id, std::string_view old_password,
                                  std::string_view new_password) override {
    pam_idaas_tenant_outcome c{};
    f_.change_password(handle_, user_id.data(), user_id.size(), old_password.data(),
                       old_password.size(), new_password.data(), new_password.size(), &c);
    return outcome_of(c);
  }

  tenant::Outcome reset_password(std::string_view user_id, std::string_view new_password,
                                 bool must_modify) override {
    pam_idaas_tenant_outcome c{};
    f_.reset_password(handle_, user_id.data(), user_id.size(), new_password.data(),
                      new_password.size(), must_modify ? 1 : 0, &c);
    return outcome_of(c);
  }

  tenant::Reply<tenant::LoginAnswer> login(std::string_view user, std::string_view password,
                                           const tenant::LoginCaller& caller) override {
    pam_idaas_tenant_outcome c{};
    pam_idaas_tenant_login_answer answer{};
    f_.login(handle_, user.data(), user.size(), password.data(), password.size(),
             caller.device_ip.data(), caller.device_ip.size(), caller.language.data(),
             caller.language.size(), &c, &answer);
    tenant::Reply<tenant::LoginAnswer> result{outcome_of(c), std::nullopt};
    if (result.outcome.ok()) result.value = tenant::LoginAnswer{answer.next_step != 0};
    return result;
  }

 private:
  TenantPluginFunctions f_;
  pam_idaas_tenant_t* handle_;
};

}  // namespace

std::unique_ptr<tenant::Port> open_plugin_port(const TenantPluginFunctions& functions,
                                               const tenant::TenantSettings& settings,
                                               const std::string& token_cache_directory) {
  const tenant::SettingTexts texts = tenant::settings_to_texts(settings);
  std::vector<pam_idaas_tenant_setting> settings_c;
  settings_c.reserve(texts.size());
  for (const auto& [key, value] : texts)
    settings_c.push_back({{key.data(), key.size()}, {value.data(), value.size()}});
  pam_idaas_tenant_t* handle =
      functions.open(settings_c.data(), settings_c.size(), token_cache_directory.data(),
                     token_cache_directory.size());
  if (handle == nullptr) return nullptr;
  try {
    return std::make_unique<PluginPort>(functions, handle);
  } catch (...) {
    functions.destroy(handle);
    throw;
  }
}

}  // namespace pam_idaas::module
