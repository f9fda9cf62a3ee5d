#include "cli/options.h"

namespace pam_idaas::cli {

Options::Options(std::span<char*> args, const OptionSpec& spec) {
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (!options_ended && arg == "--") {
      options_ended = true;
    } else if (!options_ended && arg.size() > 1 && arg.starts_with("-")) {
      add_option(arg, args, i, spec);
    } else if (operands_.size() < spec.max_operands) {
      operands_.emplace_back(arg);
    } else {
      throw UsageError("unexpected argument '" + std::string(arg) + "'");
    }
  }
}

// One option at args[i]; a value given as the next word advances i past it.
void Options::add_option(std::string_view arg, std::span<char*> args, std::size_t& i,
                         const OptionSpec& spec) {
  // The one short option: every command documents -h as --help.
  if (arg == "-h") arg = "--help";
  std::string_view inline_value;
  bool has_inline_value = false;
  if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
    inline_value = arg.substr(eq + 1);
    arg = arg.substr(0, eq);
    has_inline_value = true;
  }
  if (spec.flags.contains(arg) && !has_inline_value) {
    flags_.emplace(arg);
  } else if (spec.with_value.contains(arg)) {
    if (!has_inline_value && i + 1 == args.size()) {
      throw UsageError("option " + std::string(arg) + " needs a value");
    }
    values_.insert_or_assign(std::string(arg),
                             std::string(has_inline_value ? inline_value : args[++i]));
  } else {
    throw UsageError("unknown option " + std::string(arg));
  }
}

std::optional<std::string> Options::value(std::string_view name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

bool Options::flag(std::string_view name) const { return flags_.contains(name); }

std::string_view Options::operand(std::size_t index) const {
  return index < operands_.size() ? std::string_view(operands_[index]) : std::string_view();
}

}  // namespace pam_idaas::cli
