// Reading the tenant's JSON answers. Every string of these documents lives in
// wiped memory: the token answer holds the access token. The requests, which
// hold passwords, are written by request_body.h. Internal to the tenant
// library.
#pragma once

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/secure_string.h"
#include "tenant/client.h"

namespace pam_idaas::tenant::answers {

using Json = nlohmann::basic_json<std::map, std::vector, Secret>;

// The document in `body`; a discarded value when it is not JSON.
Json parse(const Secret& body);

Json::string_t text(std::string_view value);

struct Token {
  Secret access_token;
  std::string token_type;
  std::chrono::seconds expires_in{0};
};
inline constexpr std::chrono::seconds kMaxTokenLifetime{24 * 60 * 60};

// Each returns the value, or what is wrong with the document (for a
// "misconfigured" detail; never quotes a value).
inline constexpr std::string_view kNotJson = "not JSON";
std::variant<Token, std::string> token(const Json& document);
std::variant<UserRecord, std::string> user(const Json& document);
// Empty when `record` may be the answer to a lookup of `asked`: its user_name,
// when the tenant sends one, is the name asked for (ASCII letters in either
// case: tenants match login names without regard to case).
std::string foreign_record_problem(const UserRecord& record, std::string_view asked);
// A login's 200 answer: a session_token (done) or else a state_token (the
// tenant wants another step). The caller wipes the document's source.
std::variant<LoginAnswer, std::string> login(const Json& document);
// A change's 200 answer: {"user_id": "..."}; empty when acceptable.
std::string change_answer_problem(const Json& document);

struct BusinessError {
  std::string code;
  std::string message;  // as sent; clean_message() before showing it
};
std::optional<BusinessError> business_error(const Json& document);

inline constexpr std::size_t kMaxMessageBytes = 200;

// The tenant's error_msg fit for a log line: each of `secrets` (the
// passwords of the request) replaced by "***", control characters removed,
// cut to kMaxMessageBytes on a character boundary.
std::string clean_message(std::string_view message, std::span<const std::string_view> secrets);

}  // namespace pam_idaas::tenant::answers
