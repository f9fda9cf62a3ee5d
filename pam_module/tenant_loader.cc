#include "pam_module/tenant_loader.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "pam_module/tenant_identity.h"
#include "pam_module/tenant_plugin_port.h"

namespace pam_idaas::module {
namespace {

// Relative to the module's own directory, as Linux-PAM's pam_filter keeps its
// helpers in security/pam_filter/.
constexpr const char* kPluginDirectory = "pam_idaas";
constexpr const char* kPluginFile = "tenant.so";
// This build's identity, which the plugin's note must repeat (tenant_identity.h).
constexpr const char* kTenantIdentity = PAM_IDAAS_TENANT_IDENTITY;

class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) close(fd_);
  }
  Descriptor(Descriptor&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Descriptor& operator=(Descriptor&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

class UnusableTenant final : public tenant::Port {
 public:
  explicit UnusableTenant(std::string problem) : problem_(std::move(problem)) {}

  void restart_budget() override {}
  tenant::Reply<tenant::UserRecord> find_user(std::string_view) override { return {outcome(), {}}; }
  tenant::Outcome change_password(std::string_view, std::string_view, std::string_view) override {
    return outcome();
  }
  tenant::Outcome reset_password(std::string_view, std::string_view, bool) override {
    return outcome();
  }
  tenant::Reply<tenant::LoginAnswer> login(std::string_view, std::string_view,
                                           const tenant::LoginCaller&) override {
    return {outcome(), {}};
  }

 private:
  tenant::Outcome outcome() const { return tenant::misconfigured(problem_); }

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

std::string opening_problem(const std::string& path) {
  if (errno == ELOOP) return path + ": a symbolic link";
  return path + ": " + std::strerror(errno);
}

// The plugin runs with the module's privileges (inside setuid passwd): it must
// be as hard to replace as the module itself. Checked on the descriptors that
// are read and loaded next, not on the paths.
std::string why_unsafe(const std::string& plugin, int directory_fd, int plugin_fd,
                       const std::string& module) {
  struct stat module_st {};
  struct stat plugin_st {};
  struct stat dir_st {};
  if (stat(module.c_str(), &module_st) != 0) return module + ": " + std::strerror(errno);
  if (fstat(plugin_fd, &plugin_st) != 0 || fstat(directory_fd, &dir_st) != 0)
    return plugin + ": " + std::strerror(errno);
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

// The plugin beside the module, opened (no symbolic link followed at its end)
// and checked as opened: owner, modes and identity. What the loader maps next
// is this open file, not whatever the path names by then.
struct CheckedPlugin {
  std::string path;
  Descriptor fd{-1};
  std::string problem;  // why it may not be loaded
};

CheckedPlugin open_checked_plugin(const std::string& module) {
  const std::string directory = parent(module) + '/' + kPluginDirectory;
  CheckedPlugin plugin;
  plugin.path = directory + '/' + kPluginFile;
  const Descriptor directory_fd(open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (directory_fd.get() < 0) {
    plugin.problem = opening_problem(directory);
    return plugin;
  }
  plugin.fd = Descriptor(
      openat(directory_fd.get(), kPluginFile, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (plugin.fd.get() < 0) {
    plugin.problem = opening_problem(plugin.path);
    return plugin;
  }
  plugin.problem = why_unsafe(plugin.path, directory_fd.get(), plugin.fd.get(), module);
  if (!plugin.problem.empty()) return plugin;
  const PluginIdentity found = read_plugin_identity(plugin.fd.get());
  if (!found.problem.empty())
    plugin.problem = plugin.path + ": " + found.problem;
  else if (found.identity != kTenantIdentity)
    plugin.problem = plugin.path + " is '" + found.identity + "', the module '" + kTenantIdentity +
                     "': reinstall the package (both come from one build)";
  return plugin;
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// The path names the checked file now (a package upgrade may have renamed
// another build's plugin over it since it was opened).
bool path_names(const std::string& path, int fd) {
  struct stat opened {};
  struct stat named {};
  return fstat(fd, &opened) == 0 && stat(path.c_str(), &named) == 0 && same_file(opened, named);
}

// dlopen by path, not through /proc/self/fd/N: the loaded object keeps the
// name it was opened by, and a debugger or gcore attached to sshd would open
// "/proc/self/fd/N" in its own process (gdb then reads its own pipe and
// hangs). The window between the check and the load is root's alone: the
// directory and the file were checked to be the module owner's and not
// writable by others; a file renamed over it in between is found after the
// load and not used.
void* load_checked_file(const CheckedPlugin& plugin, std::string& problem) {
  if (!path_names(plugin.path, plugin.fd.get())) {
    problem = plugin.path + ": replaced while it was checked (a package upgrade?); try again";
    return nullptr;
  }
  // Never closed: libcurl and OpenSSL keep process-wide state (-z nodelete too).
  void* handle = dlopen(plugin.path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (handle == nullptr) {
    const char* error = dlerror();
    problem = plugin.path + ": " + (error != nullptr ? error : "cannot be loaded");
    return nullptr;
  }
  if (!path_names(plugin.path, plugin.fd.get())) {
    problem = plugin.path + ": replaced while it was loaded (a package upgrade?); not used";
    return nullptr;
  }
  return handle;
}

}  // namespace

std::unique_ptr<tenant::Port> load_tenant_client(const tenant::TenantSettings& settings,
                                                 const std::string& token_cache_directory) {
  const std::string module = this_module_path();
  if (module.empty() || module.front() != '/')
    return std::make_unique<UnusableTenant>("the module's own path is unknown (" + module +
                                            "): cannot find its tenant client");
  const CheckedPlugin plugin = open_checked_plugin(module);
  if (!plugin.problem.empty())
    return std::make_unique<UnusableTenant>("tenant client " + plugin.problem);
  std::string problem;
  void* handle = load_checked_file(plugin, problem);
  if (handle == nullptr) return std::make_unique<UnusableTenant>("tenant client " + problem);
  TenantPluginFunctions functions;
  if (std::string missing =
          resolve_functions(functions, [&](const char* name) { return dlsym(handle, name); });
      !missing.empty())
    return std::make_unique<UnusableTenant>("tenant client " + plugin.path + ": no " + missing);
  std::unique_ptr<tenant::Port> port = open_plugin_port(functions, settings, token_cache_directory);
  if (!port) return std::make_unique<UnusableTenant>("tenant client could not be created");
  return port;
}

}  // namespace pam_idaas::module
