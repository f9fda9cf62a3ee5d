// Port over tenant::Client, with the client secret read from its file.
#pragma once

#include <memory>

#include "tenant/port.h"

namespace pam_idaas::tenant {

// Never null; a secret file that cannot be read makes every call but the
// login (which needs no secret) report the tenant as misconfigured, with the
// reason.
std::unique_ptr<Port> connect_to_tenant(const tenant::TenantSettings& settings,
                                        const std::string& token_cache_directory);

}  // namespace pam_idaas::tenant
