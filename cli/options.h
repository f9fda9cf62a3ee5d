// A small long-option parser shared by the subcommands: "--name value",
// "--name=value" and flags; anything else is a usage error.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pam_idaas::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OptionSpec {
  std::set<std::string, std::less<>> with_value;  // e.g. "--user"
  std::set<std::string, std::less<>> flags;       // e.g. "--json"
};

class Options {
 public:
  // Throws UsageError on an unknown option, a missing value or a stray argument.
  Options(std::span<char*> args, const OptionSpec& spec);

  std::optional<std::string> value(std::string_view name) const;
  bool flag(std::string_view name) const;

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::set<std::string, std::less<>> flags_;
};

}  // namespace pam_idaas::cli
