#include "pam_module/client_port.h"

#include <optional>
#include <string>

namespace pam_idaas::module {
namespace {

class ClientPort final : public TenantPort {
 public:
  ClientPort(const tenant::TenantSettings& settings, const std::string& token_cache_directory) {
    try {
      client_.emplace(settings, tenant::read_client_secret(settings.client_secret_file),
                      token_cache_directory);
    } catch (const tenant::SecretFileError& e) {
      problem_ = e.what();
    }
  }

  void restart_budget() override {
    if (client_) client_->restart_budget();
  }

  tenant::Result<tenant::UserRecord> find_user(std::string_view user) override {
    if (!client_) return {unusable(), std::nullopt};
    return client_->find_user(user);
  }

  tenant::Outcome change_password(std::string_view user_id, std::string_view old_password,
                                  std::string_view new_password) override {
    if (!client_) return unusable();
    return client_->change_password(user_id, old_password, new_password);
  }

  tenant::Outcome reset_password(std::string_view user_id, std::string_view new_password,
                                 bool must_modify) override {
    if (!client_) return unusable();
    return client_->reset_password(user_id, new_password, must_modify);
  }

  tenant::Result<tenant::LoginAnswer> login(std::string_view user, std::string_view password,
                                            const tenant::LoginCaller& caller) override {
    if (!client_) return {unusable(), std::nullopt};
    return client_->login(user, password, caller);
  }

 private:
  tenant::Outcome unusable() const {
    tenant::Outcome outcome;
    outcome.status = tenant::Status::misconfigured;
    outcome.detail = problem_;
    return outcome;
  }

  std::optional<tenant::Client> client_;
  std::string problem_;
};

}  // namespace

std::unique_ptr<TenantPort> connect_to_tenant(const tenant::TenantSettings& settings,
                                              const std::string& token_cache_directory) {
  return std::make_unique<ClientPort>(settings, token_cache_directory);
}

}  // namespace pam_idaas::module
