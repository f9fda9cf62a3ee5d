// The tenant's base URL, "https://HOST[:PORT][/PATH]": the one rule the
// configuration reader and the tenant client both apply (the client then has
// libcurl parse what passes). Header only: the tenant library does not link
// the configuration's.
#pragma once

#include <string_view>

namespace pam_idaas::config {

// In the order the tenant client names them; the first found is reported.
enum class BaseUrlFault {
  none,
  credentials,        // an '@': a user name or password before the host
  query_or_fragment,  // '?' or '#'
  scheme,             // neither https:// nor http:// (plain http is each caller's to judge)
  no_host,
  blank,  // a space or a tab
};

inline BaseUrlFault base_url_fault(std::string_view url) {
  if (url.find('@') != std::string_view::npos) return BaseUrlFault::credentials;
  if (url.find_first_of("?#") != std::string_view::npos) return BaseUrlFault::query_or_fragment;
  if (!url.starts_with("https://") && !url.starts_with("http://")) return BaseUrlFault::scheme;
  const std::size_t host_at = url.find("://") + 3;
  if (host_at >= url.size() || url[host_at] == '/') return BaseUrlFault::no_host;
  if (url.find_first_of(" \t") != std::string_view::npos) return BaseUrlFault::blank;
  return BaseUrlFault::none;
}

}  // namespace pam_idaas::config
