// A password change whose answer never came back may have landed at the
// tenant all the same: the tenant's own record decides what the user and the
// log are told.
#pragma once

#include <string_view>

#include "pam_module/change.h"
#include "pam_module/result.h"
#include "tenant/client.h"

namespace pam_idaas::module {

// For an outcome with maybe_applied: looks the user up again, logs and tells
// what the lookup shows, and sets state.tenant_changed when the change landed.
// `where` is the endpoint and the time the request took, for the log.
Result settle_lost_answer(const ChangeContext& cx, ChangeState& state,
                          const tenant::Outcome& outcome, std::string_view where);

}  // namespace pam_idaas::module
