// What a finished HTTP exchange means for the caller: the mapping of
// transport failures, HTTP statuses and business errors to Outcome.
// Internal to the tenant library.
#pragma once

#include <span>
#include <string_view>

#include "tenant/client.h"
#include "tenant/http.h"

namespace pam_idaas::tenant::outcomes {

enum class Kind {
  token,   // may be repeated freely
  lookup,  // may be repeated freely
  change,  // applying it twice is not harmless: never resent once it may have arrived
  // A user's login: no token. A wrong password sent twice counts twice toward
  // the tenant's lockout, so it is resent only as a change is; but it changes
  // nothing the caller must account for: never maybe_applied. Its refusals
  // are the tenant's LOGIN.* codes, no rule of the catalogue.
  login,
};

// The call carries the access token (and so fetches one first).
inline bool needs_token(Kind kind) { return kind == Kind::lookup || kind == Kind::change; }

struct Call {
  Kind kind;
  std::string_view what;                      // "token request", for details
  std::string_view base_url;                  // for details
  std::span<const std::string_view> secrets;  // to keep out of details
};

// Worth another attempt after a pause (if the call allows it): the tenant or
// the path to it failed in a way that may pass.
bool transient(const http::Response& response);
// Resending cannot apply the call twice.
bool may_resend(Kind kind, const http::Response& response);

// ok when the tenant answered 200 (the caller still reads the body).
Outcome classify(const Call& call, const http::Response& response);

// For a 200 answer the caller could not read.
Outcome unreadable_answer(const Call& call, const http::Response& response,
                          std::string_view problem);

}  // namespace pam_idaas::tenant::outcomes
