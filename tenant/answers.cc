#include "tenant/answers.h"

#include <algorithm>
#include <cstdint>

#include "base/ascii.h"
#include "base/text.h"

namespace pam_idaas::tenant::answers {

namespace {

using Problem = std::string;

// The vendor's ids are 32 characters. The id becomes a path segment of every
// change request: a huge one would only come back as a 414 or a reset.
constexpr std::size_t kMaxUserIdBytes = 256;

// Shorter passwords are not searched for: they would shred ordinary words
// ("Password length is 8~32") and reveal next to nothing.
constexpr std::size_t kMinRedactedBytes = 4;

const Json* member(const Json& object, std::string_view key) {
  const auto it = object.find(text(key));
  return it == object.end() ? nullptr : &*it;
}

Problem shape_problem(const Json& document) {
  return document.is_discarded() ? Problem(kNotJson) : Problem("not a JSON object");
}

bool absent(const Json* value) { return value == nullptr || value->is_null(); }

std::string plain(const Json::string_t& value) { return std::string(value.data(), value.size()); }

// Optional fields: absent or null means empty; any other type is a broken answer.
bool read_optional_text(const Json& object, std::string_view key, std::string& out) {
  const Json* value = member(object, key);
  if (absent(value)) return true;
  if (!value->is_string()) return false;
  out = plain(value->get_ref<const Json::string_t&>());
  return true;
}

bool read_optional_flag(const Json& object, std::string_view key, bool& out) {
  const Json* value = member(object, key);
  if (absent(value)) return true;
  if (!value->is_boolean()) return false;
  out = value->get<bool>();
  return true;
}

// pwd_change_at is shown as sent: a date text or a number of milliseconds.
bool read_timestamp(const Json& object, std::string_view key, std::string& out) {
  const Json* value = member(object, key);
  if (value != nullptr && value->is_number_integer()) {
    out = plain(value->dump());
    return true;
  }
  return read_optional_text(object, key, out);
}

std::optional<std::chrono::seconds> positive_seconds(const Json* value) {
  if (value == nullptr || !value->is_number_integer()) return std::nullopt;
  if (value->is_number_unsigned()) {
    const auto n = value->get<std::uint64_t>();
    if (n == 0) return std::nullopt;
    return std::chrono::seconds(std::min<std::uint64_t>(n, kMaxTokenLifetime.count()));
  }
  const auto n = value->get<std::int64_t>();
  if (n <= 0) return std::nullopt;
  return std::chrono::seconds(std::min<std::int64_t>(n, kMaxTokenLifetime.count()));
}

void redact(std::string& text, std::string_view secret) {
  if (secret.size() < kMinRedactedBytes) return;
  for (std::size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
}

// Absent, null or "": no such token; a value of another type breaks the answer.
std::optional<bool> token_present(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  if (absent(value)) return false;
  if (!value->is_string()) return std::nullopt;
  return !value->get_ref<const Json::string_t&>().empty();
}

}  // namespace

Json parse(const Secret& body) { return Json::parse(body.begin(), body.end(), nullptr, false); }

Json::string_t text(std::string_view value) { return Json::string_t(value.data(), value.size()); }

std::variant<Token, std::string> token(const Json& document) {
  if (!document.is_object()) return shape_problem(document);
  const Json* access_token = member(document, "access_token");
  if (access_token == nullptr || !access_token->is_string() ||
      access_token->get_ref<const Json::string_t&>().empty()) {
    return Problem("no access_token text");
  }
  const Json* token_type = member(document, "token_type");
  if (token_type == nullptr || !token_type->is_string()) {
    return Problem("no token_type text");
  }
  const std::string type = plain(token_type->get_ref<const Json::string_t&>());
  if (!ascii::equal_ignoring_case(type, "bearer")) return Problem("token_type is not Bearer");
  const auto expires_in = positive_seconds(member(document, "expires_in"));
  if (!expires_in) return Problem("expires_in is not a positive integer");
  return Token{access_token->get_ref<const Json::string_t&>(), type, *expires_in};
}

std::variant<UserRecord, std::string> user(const Json& document) {
  if (!document.is_object()) return shape_problem(document);
  const Json* id = member(document, "user_id");
  if (id == nullptr || !id->is_string() || id->get_ref<const Json::string_t&>().empty()) {
    return Problem("no user_id text");
  }
  if (id->get_ref<const Json::string_t&>().size() > kMaxUserIdBytes) {
    return "user_id is longer than " + std::to_string(kMaxUserIdBytes) + " bytes";
  }
  UserRecord record;
  record.user_id = plain(id->get_ref<const Json::string_t&>());
  for (const auto& [key, field] :
       {std::pair{"user_name", &record.user_name}, std::pair{"name", &record.name},
        std::pair{"mobile", &record.mobile}, std::pair{"email", &record.email}}) {
    if (!read_optional_text(document, key, *field)) return Problem(key) + " is not text";
  }
  for (const auto& [key, flag] :
       {std::pair{"pwd_must_modify", &record.pwd_must_modify},
        std::pair{"disabled", &record.disabled}, std::pair{"locked", &record.locked}}) {
    if (!read_optional_flag(document, key, *flag)) return Problem(key) + " is not true or false";
  }
  if (!read_timestamp(document, "pwd_change_at", record.pwd_change_at)) {
    return Problem("pwd_change_at is neither text nor a number");
  }
  return record;
}

std::string foreign_record_problem(const UserRecord& record, std::string_view asked) {
  if (record.user_name.empty() || ascii::equal_ignoring_case(record.user_name, asked)) return {};
  return "the record is of another user_name than the one asked for";
}

std::variant<LoginAnswer, std::string> login(const Json& document) {
  if (!document.is_object()) return shape_problem(document);
  const auto session = token_present(document, "session_token");
  if (!session) return Problem("session_token is not text");
  if (*session) return LoginAnswer{false};
  const auto state = token_present(document, "state_token");
  if (!state) return Problem("state_token is not text");
  if (*state) return LoginAnswer{true};
  return Problem("neither session_token nor state_token");
}

std::string change_answer_problem(const Json& document) {
  if (!document.is_object()) return shape_problem(document);
  const Json* id = member(document, "user_id");
  if (!absent(id) && !id->is_string()) return "user_id is not text";
  return {};
}

std::optional<BusinessError> business_error(const Json& document) {
  if (!document.is_object()) return std::nullopt;
  const Json* code = member(document, "error_code");
  if (code == nullptr || !code->is_string() || code->get_ref<const Json::string_t&>().empty()) {
    return std::nullopt;
  }
  BusinessError error{plain(code->get_ref<const Json::string_t&>()), {}};
  if (!read_optional_text(document, "error_msg", error.message)) return std::nullopt;
  return error;
}

std::string clean_message(std::string_view message, std::span<const std::string_view> secrets) {
  std::string text(message);
  for (const std::string_view secret : secrets) redact(text, secret);
  // A message must stay one line in a log and on a terminal: controls and
  // line separators go. nlohmann-json only yields valid UTF-8 strings.
  text = text::strip_controls(text, {.replacement = ""});
  // Again: a secret split by a control character is whole now.
  for (const std::string_view secret : secrets) redact(text, secret);
  text.resize(text::character_boundary(text, kMaxMessageBytes));
  return text;
}

}  // namespace pam_idaas::tenant::answers
