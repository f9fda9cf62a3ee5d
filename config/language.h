// The language messages are written in when the configuration says "auto":
// the user's session first, then the process's own locale variables.
#pragma once

#include "policy/catalogue.h"

namespace pam_idaas::config {

// LC_ALL, LC_MESSAGES and LANG of this process ("" where unset).
policy::LocaleVariables process_locale();

// The language of `session` (the user's: a PAM environment, filled by pam_env
// or the application) when it names one, else this process's; English when
// neither does. The session counts as a whole: a service's own LANG (systemd
// gives every service the host's) never overrides the user's LC_* or LANG.
policy::Language language_from_environment(const policy::LocaleVariables& session = {});

}  // namespace pam_idaas::config
