// What auth and chauthtok share about the host's hash and the tenant's
// password: whether the sync record vouches for the hash, asking the tenant
// whether a password is the current one, and adopting it on this host.
#pragma once

#include <string>
#include <string_view>

#include "pam_module/host.h"
#include "pam_module/preparation.h"

namespace pam_idaas::module {

// Whether this host's hash of the user is, by its sync record, the tenant's
// password as of `pwd_change_at` (the tenant's, from a lookup). Never when
// either is unknown: then only the tenant can say.
bool hash_in_sync(const Services& services, const Preparation& p, const std::string& pwd_change_at);

// POST /api/v2/sdk/login for the user of `p`, with the caller's address and language.
tenant::Reply<tenant::LoginAnswer> ask_tenant(const Services& services, const Preparation& p,
                                              tenant::Port& tenant, std::string_view password);

// The tenant accepted `password`: when the host's hash `differs`, makes the
// password this host's (root only) and tells the user; then remembers that the
// host is in sync as of `pwd_change_at`. A failed write is logged, not fatal:
// the tenant proved the password.
void adopt_tenant_password(const Services& services, const Preparation& p,
                           std::string_view password, LocalCheck local,
                           const std::string& pwd_change_at);

// After a change at the tenant: the record vouches for nothing any more.
void forget_sync(const Services& services, const Preparation& p);

// The tenant's refusal as the user sees it: "CODE: message".
std::string tenant_message(const tenant::Outcome& outcome);

}  // namespace pam_idaas::module
