#include "fake_tenant.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace {

constexpr int kStartupSeconds = 30;  // the fake makes its TLS keys with openssl first

std::string read_ready_line(int fd) {
  std::string line;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(kStartupSeconds);
  while (line.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        give_up - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("fake tenant: no ready line in time");
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buffer[512];
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got <= 0) throw std::runtime_error("fake tenant exited before it was ready");
    line.append(buffer, static_cast<std::size_t>(got));
  }
  return line.substr(0, line.find('\n'));
}

std::vector<std::string> command(const std::string& state_dir,
                                 const std::vector<std::string>& extra_args) {
  std::vector<std::string> args = {
      "python3", std::string(PROJECT_SOURCE_DIR) + "/tests/fake_tenant/fake_tenant.py",
      "--state-dir", state_dir};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  return args;
}

size_t collect(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};

}  // namespace

FakeTenant::FakeTenant(const std::vector<std::string>& extra_args) {
  char dir[] = "/tmp/fake_tenant.XXXXXX";
  if (::mkdtemp(dir) == nullptr) throw std::runtime_error("mkdtemp failed");
  state_dir_ = dir;
  // Everything the child needs is made before fork().
  std::vector<std::string> args = command(state_dir_, extra_args);
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const std::string log = state_dir_ + "/fake.log";
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ == 0) {
    const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    if (log_fd >= 0) ::dup2(log_fd, STDERR_FILENO);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    ::execvp("python3", argv.data());
    _exit(127);
  }
  ::close(pipe_fds[1]);
  try {
    const auto ready = nlohmann::json::parse(read_ready_line(pipe_fds[0]));
    url_ = ready.at("url").get<std::string>();
    wrong_host_url_ = ready.at("wrong_host_url").get<std::string>();
    ca_file_ = ready.at("ca_file").get<std::string>();
  } catch (...) {
    ::close(pipe_fds[0]);
    stop();
    throw;
  }
  ::close(pipe_fds[0]);
}

FakeTenant::~FakeTenant() { stop(); }

void FakeTenant::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  std::error_code ignored;
  if (!state_dir_.empty()) std::filesystem::remove_all(state_dir_, ignored);
  state_dir_.clear();
}

nlohmann::json FakeTenant::control(const std::string& method, const std::string& path,
                                   const nlohmann::json& body) const {
  const std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) throw std::runtime_error("curl_easy_init failed");
  const std::string full_url = url_ + path;
  const std::string text = body.is_null() ? std::string() : body.dump();
  std::string answer;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(curl.get(), CURLOPT_URL, full_url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_CAINFO, ca_file_.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROXY, "");  // some tests set HTTPS_PROXY
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  if (!body.is_null()) curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, text.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, static_cast<void*>(&answer));
  const CURLcode rc = curl_easy_perform(curl.get());
  curl_slist_free_all(headers);
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (rc != CURLE_OK || status != 200) {
    throw std::runtime_error("fake tenant control " + method + " " + path +
                             " failed: " + curl_easy_strerror(rc) + ", HTTP " +
                             std::to_string(status) + " " + answer);
  }
  return nlohmann::json::parse(answer);
}

void FakeTenant::fault(const std::string& endpoint, const std::string& fault, int count,
                       double seconds) const {
  control("POST", "/_fake/fault",
          {{"endpoint", endpoint}, {"fault", fault}, {"count", count}, {"seconds", seconds}});
}

nlohmann::json FakeTenant::user(const std::string& name) const {
  char* escaped = curl_easy_escape(nullptr, name.data(), static_cast<int>(name.size()));
  const std::string path = "/_fake/users/" + std::string(escaped);
  curl_free(escaped);
  return control("GET", path);
}

std::size_t FakeTenant::count_requests(const std::string& endpoint) const {
  std::size_t n = 0;
  for (const auto& entry : requests()) {
    if (entry.value("endpoint", nlohmann::json()) == endpoint) ++n;
  }
  return n;
}
