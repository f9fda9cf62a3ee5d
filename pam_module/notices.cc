#include "pam_module/notices.h"

#include <array>
#include <cstddef>

namespace pam_idaas::module {
namespace {

// clang-format off
constexpr std::array kNotices = {
    NoticeInfo{Notice::config_unusable,
        "Password changes are unavailable: the pam_idaas configuration is unusable. "
        "Ask your administrator (details in the system log).",
        "暂时无法修改密码：pam_idaas 配置不可用，请联系管理员（详情见系统日志）。"},
    NoticeInfo{Notice::tenant_unavailable,
        "The identity service cannot be reached; the password was not changed. Try again later.",
        "无法连接身份认证服务，密码未修改，请稍后再试。"},
    NoticeInfo{Notice::tenant_misconfigured,
        "The identity service refused this host's request; the password was not changed. "
        "Ask your administrator (details in the system log).",
        "身份认证服务拒绝了本机的请求，密码未修改，请联系管理员（详情见系统日志）。"},
    NoticeInfo{Notice::environment_refused,
        "SSLKEYLOGFILE is set in your environment: the identity service is not contacted while "
        "it is set (the connection's keys would be written to that file). Unset it and try "
        "again; the password was not changed.",
        "您的环境变量中设置了 SSLKEYLOGFILE：设置该变量时不会连接身份认证服务"
        "（连接密钥会被写入该文件）。请取消该变量后重试，密码未修改。"},
    NoticeInfo{Notice::maybe_applied,
        "The identity service did not confirm the change; it may or may not have been made "
        "there. The password on this host was not changed. Ask your administrator to check.",
        "身份认证服务未确认此次修改，服务端可能已修改也可能未修改；本机密码未修改，请联系管理员核实。"},
    NoticeInfo{Notice::not_applied,
        "The identity service did not confirm the change and shows none; the password was not "
        "changed. Try again later.",
        "身份认证服务未确认此次修改，且查询显示未修改；密码未修改，请稍后再试。"},
    NoticeInfo{Notice::local_only,
        "The identity service cannot be reached; only the password on this host will change.",
        "无法连接身份认证服务，本次只修改本机密码。"},
    NoticeInfo{Notice::old_password_unprovable,
        "The current password cannot be verified on this host; the password was not changed. "
        "Ask your administrator.",
        "本机无法验证当前密码，密码未修改，请联系管理员。"},
    NoticeInfo{Notice::reset_service_not_listed,
        "Without the current password, root may set a password only through the programs that "
        "password.admin_reset.services in the pam_idaas configuration lists, and this one is "
        "not listed; the password was not changed.",
        "只有通过 pam_idaas 配置中 password.admin_reset.services 列出的程序，root 才能不输入"
        "当前密码而设置密码；本程序未列出，密码未修改。"},
    NoticeInfo{Notice::reset_account_not_managed,
        "This account is not one this host manages (its name service does not return it, or "
        "the pam_idaas configuration leaves it out): root cannot set its password without the "
        "current one; the password was not changed.",
        "该账号不由本机管理（本机名称服务中没有该账号，或 pam_idaas 配置未包含它）：root "
        "不能不输入当前密码而设置其密码，密码未修改。"},
    NoticeInfo{Notice::must_change,
        "The identity service requires you to change your password now.",
        "身份认证服务要求您立即修改密码。"},
    NoticeInfo{Notice::account_disabled,
        "Your account is disabled in the identity service.",
        "您的账号已在身份认证服务中被禁用。"},
    NoticeInfo{Notice::account_locked,
        "Your account is locked in the identity service.",
        "您的账号已在身份认证服务中被锁定。"},
    NoticeInfo{Notice::account_unverifiable,
        "Your account cannot be checked with the identity service now; login refused.",
        "暂时无法通过身份认证服务核验您的账号，登录被拒绝。"},
    NoticeInfo{Notice::tenant_refused,
        "The identity service refused the password: {0}",
        "身份认证服务拒绝了该密码：{0}"},
    NoticeInfo{Notice::current_password_prompt, "Current password: ", "当前密码："},
    NoticeInfo{Notice::password_prompt, "Password: ", "密码："},
    NoticeInfo{Notice::host_password_updated,
        "The identity service holds a password this host did not know; this host uses it "
        "from now on.",
        "身份认证服务中的密码与本机记录的不同；本机今后使用该密码。"},
    NoticeInfo{Notice::login_checked_locally,
        "The identity service cannot be reached; the password is checked on this host only.",
        "无法连接身份认证服务，仅在本机验证密码。"},
    NoticeInfo{Notice::login_unverifiable,
        "The identity service cannot be reached; login refused. Try again later.",
        "无法连接身份认证服务，登录被拒绝，请稍后再试。"},
    NoticeInfo{Notice::press_enter, "Press Enter to continue.", "按回车键继续。"},
};
// clang-format on

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < kNotices.size(); ++i) {
    if (static_cast<std::size_t>(kNotices[i].notice) != i) return false;
  }
  return true;
}
static_assert(in_enum_order(), "notices must follow the enum order");

}  // namespace

std::span<const NoticeInfo> notices() { return kNotices; }

std::string_view text(Notice notice, policy::Language language) {
  const NoticeInfo& entry = kNotices[static_cast<std::size_t>(notice)];
  return language == policy::Language::zh ? entry.zh : entry.en;
}

}  // namespace pam_idaas::module
