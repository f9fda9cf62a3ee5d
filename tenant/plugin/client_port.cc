#include "tenant/plugin/client_port.h"

#include <optional>
#include <string>
#include <utility>

namespace pam_idaas::tenant {
namespace {

class ClientPort final : public Port {
 public:
  ClientPort(const tenant::TenantSettings& settings, const std::string& token_cache_directory) {
    Secret secret;
    try {
      secret = tenant::read_client_secret(settings.client_secret_file);
    } catch (const tenant::SecretFileError& e) {
      // A caller that may not read the secret (not root) can still log in:
      // the login call needs none. Every other call reports the file.
      problem_ = e.what();
    }
    client_.emplace(settings, std::move(secret), token_cache_directory);
  }

  void restart_budget() override { client_->restart_budget(); }

  tenant::Reply<tenant::UserRecord> find_user(std::string_view user) override {
    if (!problem_.empty()) return {tenant::misconfigured(problem_), std::nullopt};
    return client_->find_user(user);
  }

  tenant::Outcome change_password(std::string_view user_id, std::string_view old_password,
                                  std::string_view new_password) override {
    if (!problem_.empty()) return tenant::misconfigured(problem_);
    return client_->change_password(user_id, old_password, new_password);
  }

  tenant::Outcome reset_password(std::string_view user_id, std::string_view new_password,
                                 bool must_modify) override {
    if (!problem_.empty()) return tenant::misconfigured(problem_);
    return client_->reset_password(user_id, new_password, must_modify);
  }

  tenant::Reply<tenant::LoginAnswer> login(std::string_view user, std::string_view password,
                                           const tenant::LoginCaller& caller) override {
    return client_->login(user, password, caller);
  }

 private:
  std::optional<tenant::Client> client_;
  std::string problem_;  // why the client secret could not be read
};

}  // namespace

std::unique_ptr<Port> connect_to_tenant(const tenant::TenantSettings& settings,
                                        const std::string& token_cache_directory) {
  return std::make_unique<ClientPort>(settings, token_cache_directory);
}

}  // namespace pam_idaas::tenant
