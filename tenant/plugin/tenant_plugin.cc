// pam_idaas/tenant.so: connect_to_tenant behind the C ABI of tenant_plugin.h,
// and the identity note the module reads before loading it.
#include "tenant/plugin/tenant_plugin.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>

#include "tenant/plugin/client_port.h"
#include "tenant/plugin/tenant_plugin_handle.h"
#include "tenant/plugin/tenant_plugin_settings.h"

#define PAM_IDAAS_EXPORT __attribute__((visibility("default")))

namespace {

// An ELF note (namesz, descsz, type, name and descriptor each padded to 4):
// the linker gathers .note.* sections into a PT_NOTE segment, where the
// module finds it without running anything of this file.
constexpr char kIdentity[] = PAM_IDAAS_TENANT_IDENTITY;
constexpr std::size_t padded(std::size_t size) { return (size + 3) & ~std::size_t{3}; }
struct IdentityNote {
  std::uint32_t name_size;
  std::uint32_t descriptor_size;
  std::uint32_t type;
  char name[padded(sizeof PAM_IDAAS_TENANT_NOTE_NAME)];
  char descriptor[padded(sizeof kIdentity)];
};
[[gnu::section(".note.pam_idaas"), gnu::used, gnu::aligned(4)]] const IdentityNote kIdentityNote = {
    sizeof PAM_IDAAS_TENANT_NOTE_NAME, sizeof kIdentity, PAM_IDAAS_TENANT_NOTE_TYPE,
    PAM_IDAAS_TENANT_NOTE_NAME, PAM_IDAAS_TENANT_IDENTITY};

}  // namespace

using pam_idaas::tenant::guarded;
using pam_idaas::tenant::publish;
using pam_idaas::tenant::Status;

static_assert(PAM_IDAAS_TENANT_OK == static_cast<int>(Status::ok));
static_assert(PAM_IDAAS_TENANT_REJECTED == static_cast<int>(Status::rejected));
static_assert(PAM_IDAAS_TENANT_UNAVAILABLE == static_cast<int>(Status::unavailable));
static_assert(PAM_IDAAS_TENANT_MISCONFIGURED == static_cast<int>(Status::misconfigured));

namespace {

std::string_view view(const char* data, std::size_t length) {
  return data == nullptr ? std::string_view() : std::string_view(data, length);
}

// The settings' problem, or "" once `tenant` holds a port.
std::string open_port(pam_idaas_tenant_t& tenant, const pam_idaas_tenant_setting* settings,
                      std::size_t count, std::string_view token_cache_directory) {
  pam_idaas::tenant::TenantSettings parsed;
  for (std::size_t i = 0; settings != nullptr && i < count; ++i) {
    std::string problem =
        pam_idaas::tenant::apply_setting(parsed, view(settings[i].key.data, settings[i].key.length),
                                         view(settings[i].value.data, settings[i].value.length));
    if (!problem.empty()) return problem;
  }
  tenant.port = pam_idaas::tenant::connect_to_tenant(parsed, std::string(token_cache_directory));
  return {};
}

}  // namespace

extern "C" {

PAM_IDAAS_EXPORT pam_idaas_tenant_t* pam_idaas_tenant_open(
    const pam_idaas_tenant_setting* settings, std::size_t count, const char* token_cache_directory,
    std::size_t token_cache_directory_length) {
  try {
    auto tenant = std::make_unique<pam_idaas_tenant_t>();
    try {
      tenant->problem = open_port(*tenant, settings, count,
                                  view(token_cache_directory, token_cache_directory_length));
    } catch (const std::exception& e) {
      tenant->problem = std::string("tenant client could not be created: ") + e.what();
    }
    return tenant.release();
  } catch (...) {
    return nullptr;
  }
}

PAM_IDAAS_EXPORT void pam_idaas_tenant_destroy(pam_idaas_tenant_t* tenant) {
  if (tenant == nullptr) return;
  pam_idaas::tenant::wipe_results(*tenant);
  delete tenant;
}

PAM_IDAAS_EXPORT int pam_idaas_tenant_restart_budget(pam_idaas_tenant_t* tenant,
                                                     pam_idaas_tenant_outcome* outcome) {
  return guarded(tenant, outcome, [&](pam_idaas_tenant_t& t) {
    t.port->restart_budget();
    return publish(t, {}, outcome);
  });
}

PAM_IDAAS_EXPORT int pam_idaas_tenant_find_user(pam_idaas_tenant_t* tenant, const char* user_name,
                                                std::size_t user_name_length,
                                                pam_idaas_tenant_outcome* outcome,
                                                pam_idaas_tenant_user* user) {
  return guarded(tenant, outcome, [&](pam_idaas_tenant_t& t) {
    auto result = t.port->find_user(view(user_name, user_name_length));
    if (result.value && user != nullptr) publish(t, std::move(*result.value), user);
    return publish(t, std::move(result.outcome), outcome);
  });
}

PAM_IDAAS_EXPORT int pam_idaas_tenant_change_password(
    pam_idaas_tenant_t* tenant, const char* user_id, std::size_t user_id_length,
    const char* old_password, std::size_t old_password_length, const char* new_password,
    std::size_t new_password_length, pam_idaas_tenant_outcome* outcome) {
  return guarded(tenant, outcome, [&](pam_idaas_tenant_t& t) {
    return publish(t,
                   t.port->change_password(view(user_id, user_id_length),
                                           view(old_password, old_password_length),
                                           view(new_password, new_password_length)),
                   outcome);
  });
}

PAM_IDAAS_EXPORT int pam_idaas_tenant_reset_password(
    pam_idaas_tenant_t* tenant, const char* user_id, std::size_t user_id_length,
    const char* new_password, std::size_t new_password_length, int must_modify,
    pam_idaas_tenant_outcome* outcome) {
  return guarded(tenant, outcome, [&](pam_idaas_tenant_t& t) {
    return publish(
        t,
        t.port->reset_password(view(user_id, user_id_length),
                               view(new_password, new_password_length), must_modify != 0),
        outcome);
  });
}

PAM_IDAAS_EXPORT int pam_idaas_tenant_login(pam_idaas_tenant_t* tenant, const char* user_name,
                                            std::size_t user_name_length, const char* password,
                                            std::size_t password_length, const char* device_ip,
                                            std::size_t device_ip_length, const char* language,
                                            std::size_t language_length,
                                            pam_idaas_tenant_outcome* outcome,
                                            pam_idaas_tenant_login_answer* answer) {
  return guarded(tenant, outcome, [&](pam_idaas_tenant_t& t) {
    if (answer != nullptr) *answer = {};
    const pam_idaas::tenant::LoginCaller caller{view(device_ip, device_ip_length),
                                                view(language, language_length)};
    auto result =
        t.port->login(view(user_name, user_name_length), view(password, password_length), caller);
    if (result.value && answer != nullptr) answer->next_step = result.value->next_step;
    return publish(t, std::move(result.outcome), outcome);
  });
}

}  // extern "C"
