#include "pam_module/tenant_loader.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "pam_module/tenant_plugin.h"

namespace pam_idaas::module {
namespace {

class UnusableTenant final : public TenantPort {
 public:
  explicit UnusableTenant(std::string problem) : problem_(std::move(problem)) {}

  void restart_budget() override {}
  tenant::Result<tenant::UserRecord> find_user(std::string_view) override {
    return {outcome(), {}};
  }
  tenant::Outcome change_password(std::string_view, std::string_view, std::string_view) override {
    return outcome();
  }
  tenant::Outcome reset_password(std::string_view, std::string_view, bool) override {
    return outcome();
  }
  tenant::Result<tenant::LoginAnswer> login(std::string_view, std::string_view,
                                            const tenant::LoginCaller&) override {
    return {outcome(), {}};
  }

 private:
  tenant::Outcome outcome() const {
    tenant::Outcome o;
    o.status = tenant::Status::misconfigured;
    o.detail = problem_;
    return o;
  }

  std::string problem_;
};

std::string this_module_path() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<const void*>(&load_tenant_client), &info) == 0 ||
      info.dli_fname == nullptr)
    return {};
  return info.dli_fname;
}

std::string parent(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// The plugin runs with the module's privileges (inside setuid passwd): it must
// be as hard to replace as the module itself.
std::string why_unsafe(const std::string& plugin, const std::string& module) {
  struct stat module_st {};
  struct stat plugin_st {};
  struct stat dir_st {};
  if (stat(module.c_str(), &module_st) != 0) return module + ": " + std::strerror(errno);
  if (stat(plugin.c_str(), &plugin_st) != 0) return plugin + ": " + std::strerror(errno);
  if (stat(parent(plugin).c_str(), &dir_st) != 0)
    return parent(plugin) + ": " + std::strerror(errno);
  if (!S_ISREG(plugin_st.st_mode)) return plugin + ": not a regular file";
  if (plugin_st.st_uid != module_st.st_uid)
    return plugin + ": not owned by the owner of " + module + " (uid " +
           std::to_string(module_st.st_uid) + ")";
  if ((plugin_st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    return plugin + ": writable by group or others";
  if (dir_st.st_uid != module_st.st_uid || (dir_st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    return parent(plugin) + ": not owned by uid " + std::to_string(module_st.st_uid) +
           " or writable by group or others";
  return {};
}

std::string plugin_beside(const std::string& module) {
  const std::string dir = parent(module);
  return dir.empty() ? std::string() : dir + '/' + kTenantPluginPath;
}

}  // namespace

std::unique_ptr<TenantPort> load_tenant_client(const tenant::TenantSettings& settings,
                                               const std::string& token_cache_directory) {
  const std::string module = this_module_path();
  if (module.empty() || module.front() != '/')
    return std::make_unique<UnusableTenant>("the module's own path is unknown (" + module +
                                            "): cannot find " + kTenantPluginPath);
  const std::string plugin = plugin_beside(module);
  if (std::string problem = why_unsafe(plugin, module); !problem.empty())
    return std::make_unique<UnusableTenant>("tenant client " + problem);

  // Never closed: libcurl and OpenSSL keep process-wide state (-z nodelete too).
  void* handle = dlopen(plugin.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (handle == nullptr) {
    const char* error = dlerror();
    return std::make_unique<UnusableTenant>("tenant client " + plugin + ": " +
                                            (error != nullptr ? error : "cannot be loaded"));
  }
  const auto build =
      reinterpret_cast<decltype(&pam_idaas_tenant_build)>(dlsym(handle, kTenantBuildSymbol));
  const auto connect =
      reinterpret_cast<decltype(&pam_idaas_tenant_connect)>(dlsym(handle, kTenantConnectSymbol));
  if (build == nullptr || connect == nullptr)
    return std::make_unique<UnusableTenant>("tenant client " + plugin +
                                            ": not a pam_idaas tenant client");
  if (std::strcmp(build(), PAM_IDAAS_BUILD) != 0)
    return std::make_unique<UnusableTenant>("tenant client " + plugin + " is of pam_idaas " +
                                            build() + ", the module of " + PAM_IDAAS_BUILD +
                                            ": reinstall the package");
  std::unique_ptr<TenantPort> port(connect(&settings, token_cache_directory.c_str()));
  if (!port) return std::make_unique<UnusableTenant>("tenant client could not be created");
  return port;
}

}  // namespace pam_idaas::module
