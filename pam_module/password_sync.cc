#include "pam_module/password_sync.h"

#include "pam_module/notices.h"
#include "pam_module/printable.h"

namespace pam_idaas::module {
namespace {

std::unique_ptr<SyncStore> open_store(const Services& services, const Preparation& p) {
  if (!services.sync_records) return nullptr;
  return services.sync_records(services, p.config);
}

std::string_view language_code(policy::Language language) {
  return language == policy::Language::zh ? "zh" : "en";
}

// Writes the tenant's password into the host's shadow file; whether it did.
bool write_to_host(const Services& services, const Preparation& p, std::string_view password) {
  Host& host = services.host;
  const std::string user = printable(p.user);
  if (!services.may_write_shadow) {
    host.log(Priority::info, "the tenant holds a password of " + user +
                                 " that differs from this host's; not root, so left as is");
    return false;
  }
  const HostWrite write = services.accounts.make_current(p.user, password);
  if (!write.written) {
    host.log(Priority::error, "the tenant holds a password of " + user +
                                  " that differs from this host's, and writing it here "
                                  "failed: " +
                                  write.detail);
    return false;
  }
  host.log(Priority::notice, "the tenant holds a password of " + user +
                                 " that this host did not know: now this host's too");
  host.info(text(Notice::host_password_updated, p.language));
  return true;
}

}  // namespace

bool hash_in_sync(const Services& services, const Preparation& p,
                  const std::string& pwd_change_at) {
  if (pwd_change_at.empty()) return false;
  const auto store = open_store(services, p);
  if (!store) return false;
  const auto kept = store->recall(p.user);
  if (!kept || kept->hash_fingerprint.empty()) return false;
  return *kept == SyncRecord{pwd_change_at, services.accounts.hash_fingerprint(p.user)};
}

tenant::Reply<tenant::LoginAnswer> ask_tenant(const Services& services, const Preparation& p,
                                              tenant::Port& tenant, std::string_view password) {
  const std::string rhost = services.host.remote_host();
  return tenant.login(p.user, password, {rhost, language_code(p.language)});
}

void adopt_tenant_password(const Services& services, const Preparation& p,
                           std::string_view password, LocalCheck local,
                           const std::string& pwd_change_at) {
  if (local == LocalCheck::differs && !write_to_host(services, p, password)) return;
  if (local != LocalCheck::matches && local != LocalCheck::differs) return;
  if (pwd_change_at.empty()) return;
  const auto store = open_store(services, p);
  if (!store) return;
  const std::string fingerprint = services.accounts.hash_fingerprint(p.user);
  if (fingerprint.empty()) return;
  store->remember(p.user, {pwd_change_at, fingerprint});
}

void forget_sync(const Services& services, const Preparation& p) {
  if (const auto store = open_store(services, p)) store->forget(p.user);
}

std::string tenant_message(const tenant::Outcome& outcome) {
  return outcome.code.empty() ? outcome.detail : outcome.code + ": " + outcome.detail;
}

}  // namespace pam_idaas::module
