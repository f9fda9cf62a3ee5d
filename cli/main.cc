// pam-idaas: the administrator's tool for pam_idaas.
#include <cstdio>
#include <exception>
#include <span>
#include <string_view>

#include "cli/commands.h"

namespace {

constexpr const char* kUsage =
    "Usage: pam-idaas COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  check          check a password (read from standard input) against the policy\n"
    "  config check   validate the configuration file\n"
    "  tenant ping    check that the tenant answers with this host's credentials\n"
    "  tenant user    show what the tenant knows about a user\n"
    "  filter build   turn a list of breached passwords into a filter file\n"
    "  filter check   verify a filter file\n"
    "\n"
    "Run 'pam-idaas COMMAND --help' (or -h) for the options of a command; options\n"
    "may come before, between or after its words.\n"
    "Exit status: 0 accepted/valid/success, 1 rejected, 2 usage or configuration error.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace pam_idaas::cli;
  const std::span<char*> args(argv, static_cast<std::size_t>(argc));
  if (args.size() < 2) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  const std::string_view command = args[1];
  try {
    if (command == "check") return run_check(args.subspan(2));
    if (command == "config") return run_config(args.subspan(2));
    if (command == "tenant") return run_tenant(args.subspan(2));
    if (command == "filter") return run_filter(args.subspan(2));
    if (command == "--help" || command == "-h" || command == "help") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    }
    std::fprintf(stderr, "pam-idaas: unknown command '%s'\n\n%s", args[1], kUsage);
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pam-idaas: %s\n", e.what());
    return kExitUsage;
  }
}
