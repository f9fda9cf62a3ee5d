// pam_sm_acct_mgmt, free of libpam: asks the tenant whether the user must
// change the password now (or is disabled or locked there). It runs at every
// login, public-key ones included, so it fails open unless told otherwise.
#pragma once

#include "pam_module/arguments.h"
#include "pam_module/host.h"
#include "pam_module/result.h"

namespace pam_idaas::module {

Result check_account(const Services& services, const Arguments& args);

}  // namespace pam_idaas::module
