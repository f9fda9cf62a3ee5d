// TenantPort over tenant::Client, with the client secret read from its file.
#pragma once

#include <memory>

#include "pam_module/host.h"

namespace pam_idaas::module {

// Never null; a secret file that cannot be read makes every call but the
// login (which needs no secret) report the tenant as misconfigured, with the
// reason.
std::unique_ptr<TenantPort> connect_to_tenant(const tenant::TenantSettings& settings,
                                              const std::string& token_cache_directory);

}  // namespace pam_idaas::module
