// Host over a pam_handle_t: items, the conversation and pam_syslog.
#pragma once

#include <security/pam_modules.h>

#include "config/language.h"
#include "pam_module/host.h"

namespace pam_idaas::module {

// libpam's flag constants are unsigned, the flags argument is an int.
constexpr bool has_flag(int flags, unsigned flag) {
  return (static_cast<unsigned>(flags) & flag) != 0;
}

class PamHost final : public Host {
 public:
  PamHost(pam_handle_t* pamh, int flags, bool debug)
      : pamh_(pamh),
        silent_(has_flag(flags, PAM_SILENT)),
        debug_(debug),
        language_(config::language_from_environment(locale_of(pamh))) {}

  std::optional<std::string> user() override;
  Token old_password(std::string_view prompt) override;
  Token new_password() override;
  Token confirm_new_password(const Token& first) override;
  void forget_new_password() override;
  void forget_old_password() override;
  Token password(std::string_view prompt) override;
  void forget_password() override;
  std::string remote_host() override;
  policy::LocaleVariables session_locale() override { return locale_of(pamh_); }
  std::string service() override;
  void error(std::string_view text) override;
  void info(std::string_view text) override;
  void log(Priority priority, std::string_view text) override;
  void use_language(policy::Language language) override { language_ = language; }

  // OpenSSH's keyboard-interactive shows PAM messages only with a prompt that
  // follows them: after a failure with messages still unshown there, asks one
  // "Press Enter to continue." (PAM_TTY "ssh" is OpenSSH's marker.)
  void acknowledge_pending_messages();

 private:
  static policy::LocaleVariables locale_of(pam_handle_t* pamh);
  bool item_is_set(int item) const;
  // The item (PAM_AUTHTOK, PAM_OLDAUTHTOK) as an earlier module left it, or asked for.
  Token authtok(int item, std::string_view prompt);
  // After a conversation that may have prompted: the messages before it were shown.
  void asked(bool prompted) { pending_ = pending_ && !prompted; }

  pam_handle_t* pamh_;
  bool silent_;
  bool debug_;
  bool pending_ = false;  // error() or info() text sent since the last prompt
  // Until the configuration says: for the messages of a flow that stops before.
  policy::Language language_;
};

}  // namespace pam_idaas::module
