#include "tenant/outcomes.h"

#include <string>

#include "tenant/answers.h"

namespace pam_idaas::tenant::outcomes {

namespace {

// The tenant's certificate or our trust settings are wrong: retrying or
// waiting will not help, an administrator must.
bool tls_verification_failure(CURLcode code) {
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
      return true;
    default:
      return false;
  }
}

bool request_cannot_be_made(CURLcode code) {
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
      return true;
    default:
      return false;
  }
}

std::string in_words(std::string_view what) { return std::string(what); }

Outcome transport_failure(const Call& call, const http::Response& response) {
  const std::string where = " (" + std::string(call.base_url) + ")";
  if (response.too_large) {
    return misconfigured("the tenant's answer to the " + in_words(call.what) +
                         " is larger than 1 MiB");
  }
  if (tls_verification_failure(response.code)) {
    return misconfigured("TLS verification failed: " + response.error + where);
  }
  if (request_cannot_be_made(response.code)) {
    return misconfigured("cannot send the " + in_words(call.what) + ": " + response.error + where);
  }
  if (response.timed_out) {
    return unavailable("no answer to the " + in_words(call.what) +
                       " within the time budget: " + response.error + where);
  }
  return unavailable("tenant unreachable: " + response.error + where);
}

Outcome business_refusal(const Call& call, const http::Response& response) {
  const auto error = answers::business_error(answers::parse(response.body));
  if (!error) {
    return misconfigured("the tenant refused the " + in_words(call.what) +
                         " (HTTP 400) without the documented error_code");
  }
  const std::string message = answers::clean_message(error->message, call.secrets);
  if (call.kind == Kind::token) {
    return misconfigured("the tenant refused the token request: " +
                         answers::clean_message(error->code, {}) + ": " + message);
  }
  Outcome out;
  out.status = Status::rejected;
  if (call.kind != Kind::login) out.rule = policy::rule_for_code(error->code);
  // Shown to the user and logged like the message, so cleaned like it.
  out.code = answers::clean_message(error->code, call.secrets);
  out.detail = message;
  return out;
}

Outcome unauthorized(const Call& call) {
  if (call.kind == Kind::token) {
    return misconfigured(
        "the tenant refused the client credentials (HTTP 401): "
        "check client_id and the client secret file");
  }
  if (call.kind == Kind::login) {
    return misconfigured(
        "the tenant refused the login request itself (HTTP 401): "
        "check login_client_id");
  }
  return misconfigured("the tenant refused a fresh access token for the " + in_words(call.what) +
                       " (HTTP 401)");
}

Outcome by_status(const Call& call, const http::Response& response) {
  const long status = response.status;
  if (status == 200) return {};
  if (status == 400) return business_refusal(call, response);
  if (status == 401) return unauthorized(call);
  if (status == 403 && call.kind == Kind::login) {
    return misconfigured("the tenant denied the login (HTTP 403): check login_client_id");
  }
  if (status == 403) {
    return misconfigured("the tenant denied the " + in_words(call.what) +
                         " (HTTP 403): the application lacks the API permission (user_all or all)");
  }
  if (status == 404) {
    return misconfigured("the tenant has no endpoint for the " + in_words(call.what) +
                         " (HTTP 404): check base_url (" + std::string(call.base_url) + ")");
  }
  if (status == 429) {
    return unavailable(
        "the tenant is limiting the request rate (HTTP 429) for longer than the time budget");
  }
  if (status >= 500) {
    return unavailable("tenant error on the " + in_words(call.what) + " (HTTP " +
                       std::to_string(status) + ")");
  }
  return misconfigured("unexpected HTTP status " + std::to_string(status) + " for the " +
                       in_words(call.what));
}

// No answer, or one that does not say "refused": the tenant may have
// changed the password although we cannot tell.
bool change_may_have_applied(const Call& call, const http::Response& response) {
  const bool refused = response.status >= 400 && response.status < 500;
  return call.kind == Kind::change && response.request_sent && !refused;
}

}  // namespace

bool transient(const http::Response& response) {
  if (response.code == CURLE_OK) return response.status >= 500;
  switch (response.code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SEND_FAIL_REWIND:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

bool may_resend(Kind kind, const http::Response& response) {
  const bool counts_once = kind == Kind::change || kind == Kind::login;
  return !counts_once || (response.status == 0 && !response.request_sent);
}

Outcome classify(const Call& call, const http::Response& response) {
  Outcome out =
      response.code != CURLE_OK ? transport_failure(call, response) : by_status(call, response);
  out.http_status = response.status;
  out.maybe_applied = !out.ok() && change_may_have_applied(call, response);
  out.may_still_apply = out.maybe_applied && response.timed_out;
  return out;
}

Outcome unreadable_answer(const Call& call, const http::Response& response,
                          std::string_view problem) {
  std::string why(problem);
  // A login page or an error page of a proxy on the way shows in its type.
  if (problem == answers::kNotJson && !response.content_type.empty())
    why += ": " + response.content_type;
  Outcome out =
      misconfigured("the tenant's answer to the " + in_words(call.what) +
                    " is not the documented JSON (" + answers::clean_message(why, {}) + ")");
  out.http_status = response.status;
  out.maybe_applied = change_may_have_applied(call, response);
  return out;
}

}  // namespace pam_idaas::tenant::outcomes
