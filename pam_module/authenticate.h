// pam_sm_authenticate's flow, free of libpam: whether the password typed is
// the user's current one. The tenant is the authority; the host's hash spares
// it the question while this host knows its hash to be the tenant's current
// password (the sync record), and decides alone when the tenant cannot be
// reached and auth.offline says so.
#pragma once

#include "pam_module/arguments.h"
#include "pam_module/host.h"
#include "pam_module/result.h"

namespace pam_idaas::module {

Result authenticate(const Services& services, const Arguments& args);

}  // namespace pam_idaas::module
