// The module's C ABI: thin firewalls around the flows. Each entry point
// parses its arguments, runs one flow and maps the result to a PAM code; no
// exception leaves it.
#include <security/pam_ext.h>
#include <security/pam_modules.h>
#include <syslog.h>
#include <unistd.h>

#include <exception>
#include <span>

#include "pam_module/account.h"
#include "pam_module/authenticate.h"
#include "pam_module/change.h"
#include "pam_module/pam_host.h"
#include "pam_module/printable.h"
#include "pam_module/sync_store.h"
#include "pam_module/system_accounts.h"
#include "pam_module/tenant_loader.h"

// Only the pam_sm_* symbols leave the module (exports.map hides the rest).
#define PAM_IDAAS_EXPORT __attribute__((visibility("default")))

namespace pam_idaas::module {
namespace {

constexpr const char* kChangeState = "pam_idaas_change_state";

int to_pam(Result result) {
  switch (result) {
    case Result::success:
      return PAM_SUCCESS;
    case Result::auth_error:
      return PAM_AUTH_ERR;
    case Result::ignore:
      return PAM_IGNORE;
    case Result::try_again:
      return PAM_TRY_AGAIN;
    case Result::authtok_error:
      return PAM_AUTHTOK_ERR;
    case Result::max_tries:
      return PAM_MAXTRIES;
    case Result::recovery_error:
      return PAM_AUTHTOK_RECOVERY_ERR;
    case Result::new_authtok_required:
      return PAM_NEW_AUTHTOK_REQD;
    case Result::permission_denied:
      return PAM_PERM_DENIED;
    case Result::authinfo_unavailable:
      return PAM_AUTHINFO_UNAVAIL;
    case Result::user_unknown:
      return PAM_USER_UNKNOWN;
    case Result::service_error:
      return PAM_SERVICE_ERR;
  }
  return PAM_SERVICE_ERR;
}

// pam_end hands over the application's final status: a change the tenant
// made that the rest of the stack then failed (pam_unix refusing, say) leaves
// the two sides different, and only here can the module still say so.
void free_change_state(pam_handle_t* pamh, void* data, int status) noexcept {
  auto* state = static_cast<ChangeState*>(data);
  const int final_status = status & ~(PAM_DATA_SILENT | PAM_DATA_REPLACE);
  if (state->tenant_changed && final_status != PAM_SUCCESS && !(status & PAM_DATA_REPLACE)) {
    try {
      // libpam has left the module by now: its log prefix is "PAM", so name ourselves.
      pam_syslog(pamh, LOG_ERR,
                 "pam_idaas: the tenant holds the new password of %s, but the password stack "
                 "ended with \"%s\": this host keeps the old one; change it here again or reset "
                 "it at the tenant",
                 printable(state->setup.user).c_str(), pam_strerror(pamh, final_status));
    } catch (...) {
    }
  }
  delete state;
}

// The state both passes share lives on the handle, freed by pam_end.
ChangeState* change_state(pam_handle_t* pamh) {
  const void* data = nullptr;
  if (pam_get_data(pamh, kChangeState, &data) == PAM_SUCCESS && data != nullptr) {
    return static_cast<ChangeState*>(const_cast<void*>(data));
  }
  auto* state = new ChangeState;
  if (pam_set_data(pamh, kChangeState, state, free_change_state) != PAM_SUCCESS) {
    delete state;
    return nullptr;
  }
  return state;
}

template <typename Flow>
int guarded(pam_handle_t* pamh, int failure, Flow flow) noexcept {
  try {
    return flow();
  } catch (const std::exception& e) {
    pam_syslog(pamh, LOG_CRIT, "unexpected error: %s", e.what());
  } catch (...) {
    pam_syslog(pamh, LOG_CRIT, "unexpected error");
  }
  return failure;
}

Services services(PamHost& host, SystemAccounts& accounts) {
  const bool root = geteuid() == 0;
  return {host, accounts, load_tenant_client, root, root, open_sync_records};
}

// A failure whose messages an ssh user would not see otherwise waits for Enter.
int finish(PamHost& host, Result result) {
  if (result != Result::success && result != Result::ignore &&
      result != Result::new_authtok_required) {
    host.acknowledge_pending_messages();
  }
  return to_pam(result);
}

int change(pam_handle_t* pamh, int flags, std::span<const char* const> argv) {
  const Arguments args = parse_arguments(argv);
  PamHost host(pamh, flags, args.debug);
  SystemAccounts accounts;
  const ChangeContext cx{
      services(host, accounts), args, {getuid() == 0, has_flag(flags, PAM_CHANGE_EXPIRED_AUTHTOK)}};
  ChangeState* state = change_state(pamh);
  if (state == nullptr) return PAM_BUF_ERR;
  if (has_flag(flags, PAM_PRELIM_CHECK)) return finish(host, prelim_check(cx, *state));
  if (has_flag(flags, PAM_UPDATE_AUTHTOK)) return finish(host, update_authtok(cx, *state));
  return PAM_SERVICE_ERR;
}

int account(pam_handle_t* pamh, int flags, std::span<const char* const> argv) {
  const Arguments args = parse_arguments(argv);
  PamHost host(pamh, flags, args.debug);
  SystemAccounts accounts;
  return finish(host, check_account(services(host, accounts), args));
}

int login(pam_handle_t* pamh, int flags, std::span<const char* const> argv) {
  const Arguments args = parse_arguments(argv);
  PamHost host(pamh, flags, args.debug);
  SystemAccounts accounts;
  return finish(host, authenticate(services(host, accounts), args));
}

std::span<const char* const> arguments(int argc, const char** argv) {
  if (argc <= 0 || argv == nullptr) return {};
  return {argv, static_cast<std::size_t>(argc)};
}

}  // namespace
}  // namespace pam_idaas::module

PAM_IDAAS_EXPORT int pam_sm_chauthtok(pam_handle_t* pamh, int flags, int argc, const char** argv) {
  using namespace pam_idaas::module;
  // A failed change must not look like success: the local module would go on.
  return guarded(pamh, PAM_AUTHTOK_ERR, [&] { return change(pamh, flags, arguments(argc, argv)); });
}

PAM_IDAAS_EXPORT int pam_sm_acct_mgmt(pam_handle_t* pamh, int flags, int argc, const char** argv) {
  using namespace pam_idaas::module;
  // An error before the configuration was read (once it is, account.cc answers
  // as account.on_tenant_unavailable says): the stack line's on_error= decides,
  // and by default the check fails open, as for a tenant that is down.
  const int failure =
      on_error_argument(arguments(argc, argv)) == OnError::deny ? PAM_PERM_DENIED : PAM_IGNORE;
  return guarded(pamh, failure, [&] { return account(pamh, flags, arguments(argc, argv)); });
}

PAM_IDAAS_EXPORT int pam_sm_authenticate(pam_handle_t* pamh, int flags, int argc,
                                         const char** argv) {
  using namespace pam_idaas::module;
  // Not PAM_AUTH_ERR: an error of the module's own must not read as a wrong
  // password. The stack line maps authinfo_unavail to what the admin chose (as
  // for auth.offline: deny), or says on_error=deny.
  const int failure = on_error_argument(arguments(argc, argv)) == OnError::deny
                          ? PAM_PERM_DENIED
                          : PAM_AUTHINFO_UNAVAIL;
  return guarded(pamh, failure, [&] { return login(pamh, flags, arguments(argc, argv)); });
}

// The module establishes no credentials of its own.
PAM_IDAAS_EXPORT int pam_sm_setcred(pam_handle_t*, int, int, const char**) { return PAM_IGNORE; }
