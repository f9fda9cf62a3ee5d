// tenant::TenantSettings as the (key, value) texts of tenant_plugin.h: the
// module writes them, the plugin reads them back. One table serves both.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/tenant_settings.h"

namespace pam_idaas::tenant {

using SettingTexts = std::vector<std::pair<std::string, std::string>>;

SettingTexts settings_to_texts(const tenant::TenantSettings& settings);
// "" when `key` is known and `value` fits it; otherwise what is wrong.
std::string apply_setting(tenant::TenantSettings& settings, std::string_view key,
                          std::string_view value);

}  // namespace pam_idaas::tenant
