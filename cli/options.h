// A small option parser shared by the subcommands: "--name value",
// "--name=value", flags, "-h" for "--help", and operands (the words that are
// not options: an action, a user name, files) anywhere among them, in order.
// "--" ends the options; "-" alone is an operand (standard input).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pam_idaas::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OptionSpec {
  std::set<std::string, std::less<>> with_value;  // e.g. "--user"
  std::set<std::string, std::less<>> flags;       // e.g. "--json"; "--help" also answers to "-h"
  std::size_t max_operands = 0;                   // more is a usage error
};

class Options {
 public:
  // Throws UsageError on an unknown option, a missing value or too many operands.
  Options(std::span<char*> args, const OptionSpec& spec);

  std::optional<std::string> value(std::string_view name) const;
  bool flag(std::string_view name) const;
  const std::vector<std::string>& operands() const { return operands_; }
  // The operand at `index`, or "" when there are fewer.
  std::string_view operand(std::size_t index) const;

 private:
  void add_option(std::string_view arg, std::span<char*> args, std::size_t& i,
                  const OptionSpec& spec);

  std::map<std::string, std::string, std::less<>> values_;
  std::set<std::string, std::less<>> flags_;
  std::vector<std::string> operands_;
};

}  // namespace pam_idaas::cli
