#include "pam_module/verdicts.h"

#include "pam_module/notices.h"
#include "pam_module/printable.h"

namespace pam_idaas::module {
namespace {

void show(Host& host, std::string_view code, std::string_view message) {
  std::string line(code);
  line += ": ";
  line += message;
  host.error(line);
}

std::string_view code_of(policy::Rule rule, CodeFamily family) {
  const auto& info = policy::info(rule);
  return family == CodeFamily::admin && !info.admin_code.empty() ? info.admin_code
                                                                 : info.verify_code;
}

std::string replace_placeholder(std::string_view text, std::string_view value) {
  std::string out(text);
  if (auto at = out.find("{0}"); at != std::string::npos) out.replace(at, 3, value);
  return out;
}

}  // namespace

void show_verdict(Host& host, const policy::Verdict& verdict, CodeFamily family,
                  policy::Language language) {
  for (const auto& v : verdict.violations) {
    show(host, code_of(v.rule, family), policy::message(v, language));
  }
}

void show_rejection(Host& host, const tenant::Outcome& rejection, const policy::Verdict& local,
                    policy::Language language) {
  if (rejection.rule) {
    for (const auto& v : local.violations) {
      if (v.rule == *rejection.rule)
        return show(host, rejection.code, policy::message(v, language));
    }
    const std::string_view templ = policy::template_for(*rejection.rule, language);
    if (templ.find('{') == std::string_view::npos) return show(host, rejection.code, templ);
  }
  show(host, rejection.code,
       replace_placeholder(text(Notice::tenant_refused, language), printable(rejection.detail)));
}

std::string rule_ids(const policy::Verdict& verdict) {
  std::string ids;
  for (const auto& v : verdict.violations) {
    if (!ids.empty()) ids += ',';
    ids += policy::info(v.rule).id;
  }
  return ids;
}

}  // namespace pam_idaas::module
