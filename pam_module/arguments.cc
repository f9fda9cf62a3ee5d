#include "pam_module/arguments.h"

#include <charconv>
#include <string_view>

#include "config/config.h"

namespace pam_idaas::module {
namespace {

// Beyond this, retrying is a loop an attacker could hold the process in.
constexpr unsigned kMaxRetry = 10;

bool starts(std::string_view arg, std::string_view prefix, std::string_view& rest) {
  if (!arg.starts_with(prefix)) return false;
  rest = arg.substr(prefix.size());
  return true;
}

// Any value but "ignore" denies: an admin who wrote on_error= and misspelt
// "deny" must not get the fail-open default.
OnError on_error_of(std::string_view value) noexcept {
  return value == "ignore" ? OnError::ignore : OnError::deny;
}

}  // namespace

OnError on_error_argument(std::span<const char* const> argv) noexcept {
  OnError answer = OnError::ignore;
  for (const char* raw : argv) {
    std::string_view value;
    if (raw != nullptr && starts(raw, "on_error=", value)) answer = on_error_of(value);
  }
  return answer;
}

Arguments parse_arguments(std::span<const char* const> argv) {
  Arguments args;
  args.config_path = config::kDefaultPath;
  for (const char* raw : argv) {
    if (raw == nullptr) continue;
    const std::string_view arg(raw);
    std::string_view value;
    if (arg == "debug") {
      args.debug = true;
    } else if (arg == "use_authtok") {
      args.use_authtok = true;
    } else if (arg == "ask_for_all") {
      args.ask_for_all = true;
    } else if (arg == "use_first_pass" || arg == "try_first_pass" ||
               starts(arg, "authtok_type=", value)) {
      // Read by pam_get_authtok.
    } else if (starts(arg, "config=", value)) {
      if (value.starts_with('/')) {
        args.config_path = value;
      } else {
        args.problems.push_back("config= needs an absolute path, got \"" + std::string(arg) +
                                "\"; using " + args.config_path);
      }
    } else if (starts(arg, "on_error=", value)) {
      args.on_error = on_error_of(value);
      if (value != "deny" && value != "ignore") {
        args.problems.push_back("on_error= takes deny or ignore, got \"" + std::string(arg) +
                                "\"; using deny");
      }
    } else if (starts(arg, "retry=", value)) {
      unsigned n = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec == std::errc() && end == value.data() + value.size() && n >= 1 && n <= kMaxRetry) {
        args.retry = n;
      } else {
        args.problems.push_back("retry= takes a number from 1 to " + std::to_string(kMaxRetry) +
                                ", got \"" + std::string(arg) + "\"; using 1");
      }
    } else {
      args.problems.push_back("unknown argument \"" + std::string(arg) + "\" ignored");
    }
  }
  return args;
}

}  // namespace pam_idaas::module
