// The user's own data, which a password may not contain.
#pragma once

#include <string_view>

#include "policy/catalogue.h"
#include "policy/settings.h"

namespace pam_idaas::policy {

struct UserData {
  std::string_view username;
  std::string_view real_name;  // "张三" or "Zhang San"
  std::string_view mobile;     // "+86 138 0013 8000", "(+86)13800138000", "13800138000"
  std::string_view email;
};

// Which datum a password holds and how it was dressed up (`added` bits of
// policy/verdict.h: backwards, disguised).
struct PersonalDataFound {
  Finding finding = Finding::none;  // username, mobile, email_prefix or name
  unsigned additions = 0;
  explicit operator bool() const { return finding != Finding::none; }
};

// The first of the username, the mobile number, the email prefix and the real
// name (see NameMatcher) that the case-folded password contains, as the rule
// enables. With `rule.disguised`, also found with look-alike characters,
// separators, written backwards, as email prefix parts and by name
// characters themselves.
PersonalDataFound contains_personal_data(std::u32string_view folded_password,
                                         const UserData& user, const PersonalDataRule& rule);

}  // namespace pam_idaas::policy
