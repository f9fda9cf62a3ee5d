// Runs tests/fake_tenant/fake_tenant.py for the length of a test group and
// talks to its control API (/_fake/...) with a plain libcurl client.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

class FakeTenant {
 public:
  // Starts the fake with `extra_args` and waits for its ready line; throws
  // std::runtime_error if it does not come up.
  explicit FakeTenant(const std::vector<std::string>& extra_args = {});
  ~FakeTenant();  // SIGTERM, then waits for it
  FakeTenant(const FakeTenant&) = delete;
  FakeTenant& operator=(const FakeTenant&) = delete;

  const std::string& url() const { return url_; }
  const std::string& wrong_host_url() const { return wrong_host_url_; }
  const std::string& ca_file() const { return ca_file_; }

  // One control request; `body` is sent as JSON unless null. Returns the
  // answer's JSON; throws std::runtime_error unless the fake answers 200.
  nlohmann::json control(const std::string& method, const std::string& path,
                         const nlohmann::json& body = nullptr) const;

  void reset() const { control("POST", "/_fake/reset"); }
  void fault(const std::string& endpoint, const std::string& fault, int count = 1,
             double seconds = 1) const;
  nlohmann::json requests() const { return control("GET", "/_fake/requests"); }
  void clear_requests() const { control("DELETE", "/_fake/requests"); }
  nlohmann::json user(const std::string& name) const;  // record, password, history
  // Logged requests whose "endpoint" is `endpoint` (token, user, change, verify, login).
  std::size_t count_requests(const std::string& endpoint) const;

 private:
  void stop();

  pid_t pid_ = -1;
  std::string state_dir_;
  std::string url_;
  std::string wrong_host_url_;
  std::string ca_file_;
};
