// The module's tenant::PortFactory: loads the tenant client (tenant_plugin.h) on
// first use and connects through it.
#pragma once

#include <memory>
#include <string>

#include "pam_module/host.h"

namespace pam_idaas::module {

// Never null. A plugin that is missing, unsafe or of another build makes every
// call report the tenant as misconfigured, naming the file and the reason.
std::unique_ptr<tenant::Port> load_tenant_client(const tenant::TenantSettings& settings,
                                                 const std::string& token_cache_directory);

}  // namespace pam_idaas::module
