// The sync records the module keeps (SyncStore of host.h): per user and
// tenant, in the cache directory, root's only.
#pragma once

#include <memory>

#include "config/config.h"
#include "pam_module/host.h"

namespace pam_idaas::module {

// Null when these services keep nothing (not root, or no cache directory):
// every login then asks the tenant.
std::unique_ptr<SyncStore> open_sync_records(const Services& services,
                                             const config::Config& config);

}  // namespace pam_idaas::module
