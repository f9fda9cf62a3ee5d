#include "pam_module/pam_host.h"

#include <security/pam_ext.h>
#include <syslog.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "pam_module/notices.h"

namespace pam_idaas::module {
namespace {

Token token(int status, const char* text, bool earlier = false) {
  if (status == PAM_TRY_AGAIN) return {Token::Status::mismatch, {}, false};
  if (status != PAM_SUCCESS || text == nullptr) return {};
  return {Token::Status::ok, text, earlier};
}

int syslog_priority(Priority priority) {
  switch (priority) {
    case Priority::error:
      return LOG_ERR;
    case Priority::warning:
      return LOG_WARNING;
    case Priority::notice:
      return LOG_NOTICE;
    case Priority::info:
      return LOG_INFO;
    case Priority::debug:
      return LOG_DEBUG;
  }
  return LOG_ERR;
}

}  // namespace

bool PamHost::item_is_set(int item) const {
  const void* value = nullptr;
  return pam_get_item(pamh_, item, &value) == PAM_SUCCESS && value != nullptr;
}

std::optional<std::string> PamHost::user() {
  const char* name = nullptr;
  if (pam_get_user(pamh_, &name, nullptr) != PAM_SUCCESS || name == nullptr || *name == '\0') {
    return std::nullopt;
  }
  return name;
}

Token PamHost::authtok(int item, std::string_view prompt) {
  const std::string text(prompt);
  const char* typed = nullptr;
  const bool earlier = item_is_set(item);
  const int status = pam_get_authtok(pamh_, item, &typed, text.c_str());
  asked(!earlier);
  return token(status, typed, earlier);
}

Token PamHost::old_password(std::string_view prompt) { return authtok(PAM_OLDAUTHTOK, prompt); }

Token PamHost::new_password() {
  const char* fresh = nullptr;
  const bool earlier = item_is_set(PAM_AUTHTOK);
  const int status = pam_get_authtok_noverify(pamh_, &fresh, nullptr);
  asked(!earlier);
  return token(status, fresh, earlier);
}

Token PamHost::confirm_new_password(const Token& first) {
  // libpam compares against *authtok and, on a match, stores the retype as
  // the item: the first token's text is gone afterwards.
  const char* text = first.text.data();
  const int status = pam_get_authtok_verify(pamh_, &text, nullptr);
  asked(true);
  return token(status, text);
}

void PamHost::forget_new_password() { pam_set_item(pamh_, PAM_AUTHTOK, nullptr); }

void PamHost::forget_old_password() { pam_set_item(pamh_, PAM_OLDAUTHTOK, nullptr); }

Token PamHost::password(std::string_view prompt) { return authtok(PAM_AUTHTOK, prompt); }

void PamHost::forget_password() { pam_set_item(pamh_, PAM_AUTHTOK, nullptr); }

policy::LocaleVariables PamHost::locale_of(pam_handle_t* pamh) {
  const auto value = [pamh](const char* name) {
    const char* text = pam_getenv(pamh, name);
    return std::string(text != nullptr ? text : "");
  };
  return {value("LC_ALL"), value("LC_MESSAGES"), value("LANG")};
}

std::string PamHost::remote_host() {
  const void* rhost = nullptr;
  if (pam_get_item(pamh_, PAM_RHOST, &rhost) != PAM_SUCCESS || rhost == nullptr) return {};
  return static_cast<const char*>(rhost);
}

std::string PamHost::service() {
  const void* name = nullptr;
  if (pam_get_item(pamh_, PAM_SERVICE, &name) != PAM_SUCCESS || name == nullptr) return {};
  return static_cast<const char*>(name);
}

void PamHost::error(std::string_view text) {
  if (silent_) return;
  pam_error(pamh_, "%.*s", static_cast<int>(text.size()), text.data());
  pending_ = true;
}

void PamHost::info(std::string_view text) {
  if (silent_) return;
  pam_info(pamh_, "%.*s", static_cast<int>(text.size()), text.data());
  pending_ = true;
}

void PamHost::acknowledge_pending_messages() {
  const void* tty = nullptr;
  if (!pending_ || pam_get_item(pamh_, PAM_TTY, &tty) != PAM_SUCCESS || tty == nullptr ||
      std::strcmp(static_cast<const char*>(tty), "ssh") != 0) {
    return;
  }
  pending_ = false;
  char* answer = nullptr;
  const std::string prompt(text(Notice::press_enter, language_));
  pam_prompt(pamh_, PAM_PROMPT_ECHO_ON, &answer, "%s", prompt.c_str());
  if (answer != nullptr) {
    // Whatever was typed is discarded unread: it might be a password.
    explicit_bzero(answer, std::strlen(answer));
    std::free(answer);
  }
}

void PamHost::log(Priority priority, std::string_view text) {
  if (priority == Priority::debug && !debug_) return;
  pam_syslog(pamh_, syslog_priority(priority), "%.*s", static_cast<int>(text.size()), text.data());
}

}  // namespace pam_idaas::module
