// Any bytes as the body of a tenant answer, read by every reader the client
// uses on it: the token answer, a user record, a change's 200 answer, a
// login's 200 answer and a business error (whose message is then cleaned for the log). None may
// crash, hang or leak, whatever the document; each returns a value or a problem. The same bytes as
// a password in a request body must survive the round trip.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "base/utf8.h"
#include "tenant/answers.h"
#include "tenant/request_body.h"

namespace answers = pam_idaas::tenant::answers;
namespace request_body = pam_idaas::tenant::request_body;
namespace utf8 = pam_idaas::utf8;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const pam_idaas::Secret body(reinterpret_cast<const char*>(data), size);
  const answers::Json document = answers::parse(body);

  const auto token = answers::token(document);
  if (const auto* problem = std::get_if<std::string>(&token)) {
    if (problem->empty()) __builtin_trap();  // a problem always says what is wrong
  }
  const auto user = answers::user(document);
  if (const auto* problem = std::get_if<std::string>(&user)) {
    if (problem->empty()) __builtin_trap();
  }
  (void)answers::change_answer_problem(document);
  const auto login = answers::login(document);
  if (const auto* problem = std::get_if<std::string>(&login)) {
    if (problem->empty()) __builtin_trap();
  }

  if (const auto error = answers::business_error(document)) {
    // The passwords of the request: slices of the body, so that they occur in
    // the message as often as the fuzzer likes.
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::array<std::string_view, 2> secrets{text.substr(0, size / 3),
                                                  text.substr(size / 3, size / 3)};
    const auto cleaned = answers::clean_message(error->message, secrets);
    if (cleaned.size() > answers::kMaxMessageBytes) __builtin_trap();
  }

  // The request path: any bytes as a password. Valid UTF-8 must come back
  // from a JSON parser unchanged, anything else must be refused.
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto request = request_body::object({{"password", bytes}, {"must_modify", true}});
  if (request.has_value() != utf8::decode(bytes).ok) __builtin_trap();
  if (request) {
    const answers::Json back = answers::parse(*request);
    if (!back.is_object() || !back.contains("password") || !back.at("password").is_string() ||
        std::string_view(back.at("password").get_ref<const answers::Json::string_t&>()) != bytes ||
        !back.contains("must_modify") || back.at("must_modify") != true) {
      __builtin_trap();
    }
  }
  return 0;
}
