// Verdicts as the user reads them: one "CODE: message" line per violated
// rule, whether the local policy or the tenant refused the password.
#pragma once

#include <string>
#include <string_view>

#include "pam_module/host.h"
#include "policy/verdict.h"

namespace pam_idaas::module {

// Which of the tenant's code families the user sees: the one of the endpoint
// that would judge the password (the admin reset's, or self-service's).
enum class CodeFamily { verify, admin };

void show_verdict(Host& host, const policy::Verdict& verdict, CodeFamily family,
                  policy::Language language);

// A tenant rejection in the catalogue's words. Parameters ({0}~{1} of the
// length rule, ...) come from `local`, the local policy's verdict on the same
// password, when it names the same rule; otherwise the tenant's own message
// is shown, made printable.
void show_rejection(Host& host, const tenant::Outcome& rejection, const policy::Verdict& local,
                    policy::Language language);

// "complexity,weak": the rule ids, for a log line.
std::string rule_ids(const policy::Verdict& verdict);

}  // namespace pam_idaas::module
