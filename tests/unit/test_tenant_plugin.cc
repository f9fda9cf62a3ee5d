// Issue 18, item 11: the C ABI between pam_idaas.so and pam_idaas/tenant.so.
// The identity note read from the file without loading it (the built plugin,
// truncated copies, a file that is not ELF, one without the note); the
// settings as (key, value) texts; results and exceptions at the boundary.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "pam_module/tenant_identity.h"
#include "pam_module/tenant_plugin_port.h"
#include "tenant/plugin/tenant_plugin_handle.h"
#include "tenant/plugin/tenant_plugin_settings.h"
// cmocka last: its fail() macro would hide std::ios::fail.
#include "cmocka_cpp.h"

namespace pam_idaas::module {
using tenant::guarded;
using tenant::wipe_results;
namespace {

std::string contents_of(const char* path) {
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  assert_true(fd >= 0);
  std::string contents;
  char buffer[65536];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;)
    contents.append(buffer, static_cast<std::size_t>(n));
  close(fd);
  return contents;
}

// The identity read from an in-memory file holding `bytes`.
PluginIdentity identity_of(const std::string& bytes) {
  const int fd = memfd_create("plugin", MFD_CLOEXEC);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  PluginIdentity found = read_plugin_identity(fd);
  close(fd);
  return found;
}

void the_built_plugin_carries_this_builds_identity(void**) {
  const PluginIdentity found = identity_of(contents_of(PAM_IDAAS_TENANT_PLUGIN));
  assert_str_eq(found.problem, "");
  assert_str_eq(found.identity, PAM_IDAAS_TENANT_IDENTITY);
}

void a_truncated_plugin_is_refused(void**) {
  const std::string whole = contents_of(PAM_IDAAS_TENANT_PLUGIN);
  // Inside the ELF header, the program headers, the note, the code. (A cut in
  // the debug information after the loaded segments harms nothing the loader maps.)
  for (std::size_t size : {20u, 100u, 300u, 600u, 8192u}) {
    const PluginIdentity found = identity_of(whole.substr(0, size));
    assert_str_eq(found.identity, "");
    if (!found.problem.starts_with("truncated"))
      fail_msg("%zu bytes: %s", size, found.problem.c_str());
  }
}

void a_file_that_is_not_elf_is_refused(void**) {
  for (const char* text : {"", "#!/bin/sh\nexit 0\n", "\177ELX and more"}) {
    const PluginIdentity found = identity_of(text);
    assert_str_eq(found.identity, "");
    assert_str_eq(found.problem, "not an ELF file");
  }
}

void a_shared_object_without_the_note_is_refused(void**) {
  // libc: a real shared object of this machine, with notes, none of them ours.
  Dl_info libc{};
  assert_true(dladdr(reinterpret_cast<const void*>(&getpid), &libc) != 0);
  const PluginIdentity found = identity_of(contents_of(libc.dli_fname));
  assert_str_eq(found.identity, "");
  assert_str_eq(found.problem, "no pam_idaas identity note: not a pam_idaas tenant client");
}

// The built plugin, its note changed in place by `change(bytes, offset of the identity text)`.
template <typename Change>
PluginIdentity identity_of_altered_plugin(Change change) {
  std::string bytes = contents_of(PAM_IDAAS_TENANT_PLUGIN);
  const std::size_t at = bytes.find(PAM_IDAAS_TENANT_IDENTITY);
  assert_true(at != std::string::npos && at > 24);
  change(bytes, at);
  return identity_of(bytes);
}

void a_note_that_is_not_printable_text_is_refused(void**) {
  // The identity goes into the log: no terminal escape sequence from a file.
  const PluginIdentity found = identity_of_altered_plugin(
      [](std::string& bytes, std::size_t at) { bytes[at + 3] = '\033'; });
  assert_str_eq(found.identity, "");
  assert_str_eq(found.problem, "an identity note that is not printable text");
}

void a_note_larger_than_its_segment_is_not_read_past_it(void**) {
  // The note's header: name size, descriptor size, type, then the name padded to 12.
  const PluginIdentity found = identity_of_altered_plugin([](std::string& bytes, std::size_t at) {
    const std::uint32_t huge = 0x7fffffff;
    std::memcpy(bytes.data() + at - 12 - 8, &huge, sizeof huge);
  });
  assert_str_eq(found.identity, "");
  assert_str_eq(found.problem, "no pam_idaas identity note: not a pam_idaas tenant client");
}

tenant::TenantSettings unusual_settings() {
  tenant::TenantSettings settings;
  settings.base_url = "https://tenant.example.com:8443";
  settings.client_id = "app";
  settings.login_client_id = "login-app";
  settings.client_secret_file = "/etc/other.secret";
  settings.ca_file = "/etc/ca.pem";
  settings.proxy = "http://proxy:3128";
  settings.connect_timeout_ms = 1234;
  settings.budget_ms = 5678;
  settings.change_endpoint = tenant::ChangeEndpoint::admin;
  settings.must_modify_field = "pwd_must_modify";
  settings.must_modify = false;
  return settings;
}

void every_setting_crosses_as_text(void**) {
  const tenant::TenantSettings sent = unusual_settings();
  tenant::TenantSettings received;
  for (const auto& [key, value] : settings_to_texts(sent))
    assert_str_eq(apply_setting(received, key, value), "");
  assert_str_eq(received.base_url, sent.base_url);
  assert_str_eq(received.client_id, sent.client_id);
  assert_str_eq(received.login_client_id, sent.login_client_id);
  assert_str_eq(received.client_secret_file, sent.client_secret_file);
  assert_str_eq(received.ca_file, sent.ca_file);
  assert_str_eq(received.proxy, sent.proxy);
  assert_int_equal(received.connect_timeout_ms, 1234);
  assert_int_equal(received.budget_ms, 5678);
  assert_true(received.change_endpoint == tenant::ChangeEndpoint::admin);
  assert_str_eq(received.must_modify_field, sent.must_modify_field);
  assert_false(received.must_modify);
}

void a_setting_the_plugin_does_not_know_is_named(void**) {
  tenant::TenantSettings settings;
  assert_str_eq(apply_setting(settings, "colour", "blue"),
                "tenant client: unknown setting colour (the module and its tenant client are of "
                "different builds)");
  for (const char* number : {"", "-1", "12x", "99999999999"})
    assert_str_eq(apply_setting(settings, "budget_ms", number),
                  "tenant client: setting budget_ms has a value it cannot take");
  assert_str_eq(apply_setting(settings, "must_modify", "yes"),
                "tenant client: setting must_modify has a value it cannot take");
}

void no_exception_crosses_the_c_boundary(void**) {
  pam_idaas_tenant_t handle;
  pam_idaas_tenant_outcome outcome{};
  const int status = guarded(&handle, &outcome, [](pam_idaas_tenant_t&) -> int {
    throw std::runtime_error("the plugin broke");
  });
  assert_int_equal(status, PAM_IDAAS_TENANT_FAILED);
  assert_int_equal(outcome.status, PAM_IDAAS_TENANT_FAILED);
  assert_str_eq(std::string(outcome.detail.data, outcome.detail.length), "the plugin broke");
  assert_int_equal(guarded(&handle, nullptr, [](pam_idaas_tenant_t&) { return 0; }),
                   PAM_IDAAS_TENANT_FAILED);
}

void results_point_into_the_handle_until_the_next_call(void**) {
  pam_idaas_tenant_t handle;
  pam_idaas_tenant_outcome outcome{};
  tenant::Outcome refused;
  refused.status = tenant::Status::rejected;
  refused.rule = policy::Rule::length;
  refused.code = "PWD.0001";
  refused.detail = "too short";
  refused.http_status = 400;
  assert_int_equal(publish(handle, refused, &outcome), PAM_IDAAS_TENANT_REJECTED);
  assert_str_eq(std::string(outcome.rule.data, outcome.rule.length), "length");
  assert_str_eq(std::string(outcome.code.data, outcome.code.length), "PWD.0001");
  assert_int_equal(outcome.http_status, 400);
  assert_ptr_equal(outcome.detail.data, handle.outcome.detail.data());
  wipe_results(handle);  // what the next call and destroy do first
  assert_str_eq(handle.outcome.detail, "");
}

// A C plugin of the test's own: what the module's tenant::Port makes of its answers.
int failed_find_user(pam_idaas_tenant_t*, const char*, size_t, pam_idaas_tenant_outcome* outcome,
                     pam_idaas_tenant_user*) {
  static const char detail[] = "out of memory";
  *outcome = {};
  outcome->status = PAM_IDAAS_TENANT_FAILED;
  outcome->detail = {detail, sizeof detail - 1};
  return PAM_IDAAS_TENANT_FAILED;
}
int found_user(pam_idaas_tenant_t*, const char* name, size_t length,
               pam_idaas_tenant_outcome* outcome, pam_idaas_tenant_user* user) {
  *outcome = {};
  *user = {};
  user->user_name = {name, length};
  user->name = {"\xe5\xbc\xa0\xe4\xb8\x89", 6};
  user->locked = 1;
  return PAM_IDAAS_TENANT_OK;
}
int destroyed = 0;
pam_idaas_tenant_t* open_fake(const pam_idaas_tenant_setting*, size_t, const char*, size_t) {
  static pam_idaas_tenant_t handle;
  return &handle;
}

TenantPluginFunctions fake_plugin() {
  TenantPluginFunctions functions;
  functions.open = open_fake;
  functions.destroy = [](pam_idaas_tenant_t*) { ++destroyed; };
  functions.find_user = found_user;
  return functions;
}

void the_module_sees_a_tenant_port(void**) {
  destroyed = 0;
  {
    auto port = open_plugin_port(fake_plugin(), {}, "");
    const auto result = port->find_user("alice");
    assert_true(result.outcome.ok());
    assert_str_eq(result.value->user_name, "alice");
    assert_str_eq(result.value->name, "\xe5\xbc\xa0\xe4\xb8\x89");
    assert_true(result.value->locked);
  }
  assert_int_equal(destroyed, 1);
}

void a_failure_inside_the_plugin_is_thrown_in_the_module(void**) {
  TenantPluginFunctions functions = fake_plugin();
  functions.find_user = failed_find_user;
  auto port = open_plugin_port(functions, {}, "");
  try {
    port->find_user("alice");
    fail_msg("no exception");
  } catch (const TenantPluginFailure& e) {
    assert_str_eq(std::string(e.what()), "tenant client failed: out of memory");
  }
}

}  // namespace
}  // namespace pam_idaas::module

int main() {
  using namespace pam_idaas::module;
  const CMUnitTest tests[] = {
      cmocka_unit_test(the_built_plugin_carries_this_builds_identity),
      cmocka_unit_test(a_truncated_plugin_is_refused),
      cmocka_unit_test(a_file_that_is_not_elf_is_refused),
      cmocka_unit_test(a_shared_object_without_the_note_is_refused),
      cmocka_unit_test(a_note_that_is_not_printable_text_is_refused),
      cmocka_unit_test(a_note_larger_than_its_segment_is_not_read_past_it),
      cmocka_unit_test(every_setting_crosses_as_text),
      cmocka_unit_test(a_setting_the_plugin_does_not_know_is_named),
      cmocka_unit_test(no_exception_crosses_the_c_boundary),
      cmocka_unit_test(results_point_into_the_handle_until_the_next_call),
      cmocka_unit_test(the_module_sees_a_tenant_port),
      cmocka_unit_test(a_failure_inside_the_plugin_is_thrown_in_the_module),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
