// What `pam-idaas tenant user` shows of a user's mobile number and email
// address: enough to see which one the tenant holds, and in which notation,
// without putting the whole of either into a terminal log or a ticket.
#pragma once

#include <string>
#include <string_view>

namespace pam_idaas::cli {

// Every digit as '*' but the first three and the last four, with at least
// four hidden; '+', spaces and separators as written: "138****8000",
// "+86 1******8000".
std::string mask_mobile(std::string_view mobile);

// The first character of the local part, "***", then the domain:
// "j***@example.com".
std::string mask_email(std::string_view email);

}  // namespace pam_idaas::cli
