// The user's own data, which a password may not contain.
#pragma once

#include <string_view>

#include "policy/settings.h"

namespace pam_idaas::policy {

struct UserData {
  std::string_view username;
  std::string_view real_name;  // "张三" or "Zhang San"
  std::string_view mobile;     // "+86 138 0013 8000", "(+86)13800138000", "13800138000"
  std::string_view email;
};

// Whether the case-folded password contains the username, the mobile number,
// the email prefix or the real name (see NameMatcher), as the rule enables.
bool contains_personal_data(std::u32string_view folded_password, const UserData& user,
                            const PersonalDataRule& rule);

}  // namespace pam_idaas::policy
