// A plain-HTTP server on 127.0.0.1 for answers the fake tenant does not
// give: each request gets the next canned answer, on whichever connection it
// comes; after the last answer nothing listens. It keeps every request it
// read, whole, for tests of what a client sends. Include before cmocka.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace tenant_test {

inline constexpr const char* kFlood = "<64 KiB chunks without end>";

inline std::string answer(int status, const std::string& body,
                          const std::string& extra_headers = "",
                          const std::string& type = "application/json") {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" +
         body;
}

inline std::string token_answer(const std::string& expires_in = "1800",
                                const std::string& type = "\"Bearer\"") {
  return answer(200, R"({"access_token":"canned-token","token_type":)" + type +
                         R"(,"expires_in":)" + expires_in + "}");
}

// Answers each request with the next canned answer, on whichever connection it comes.
class CannedServer {
 public:
  explicit CannedServer(std::vector<std::string> answers) : answers_(std::move(answers)) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), length);
    listen(listen_fd_, 4);
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~CannedServer() {
    thread_.join();
    if (listen_fd_ >= 0) close(listen_fd_);
  }
  CannedServer(const CannedServer&) = delete;
  CannedServer& operator=(const CannedServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // The requests read so far (head and body), in order. A request is kept
  // before its answer goes out.
  std::vector<std::string> requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  bool read_request(int fd) {
    std::string data;
    std::size_t header_end = std::string::npos;
    std::size_t wanted = 0;
    char buffer[4096];
    while (header_end == std::string::npos || data.size() < header_end + 4 + wanted) {
      const ssize_t got = recv(fd, buffer, sizeof buffer, 0);
      if (got <= 0) return false;
      data.append(buffer, static_cast<std::size_t>(got));
      if (header_end == std::string::npos &&
          (header_end = data.find("\r\n\r\n")) != std::string::npos) {
        const std::size_t at = data.find("Content-Length: ");
        if (at != std::string::npos && at < header_end) wanted = std::stoul(data.substr(at + 16));
      }
    }
    const std::lock_guard lock(mutex_);
    requests_.push_back(std::move(data));
    return true;
  }

  // The next request, from the current connection or a new one.
  bool next_request(int& conn) {
    for (;;) {
      pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {conn, POLLIN, 0}};
      if (poll(fds, conn >= 0 ? 2 : 1, 5000) <= 0) return false;
      if ((fds[0].revents & POLLIN) != 0) {
        if (conn >= 0) close(conn);
        conn = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        const timeval timeout{5, 0};
        setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        continue;
      }
      if (read_request(conn)) return true;
      close(conn);
      conn = -1;
    }
  }

  static void flood(int fd) {
    const std::string head =
        "HTTP/1.1 200 X\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::string chunk = "10000\r\n" + std::string(0x10000, 'A') + "\r\n";
    if (send(fd, head.data(), head.size(), MSG_NOSIGNAL) < 0) return;
    for (int i = 0; i < 128; ++i) {  // 8 MiB at most
      if (send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL) < 0) return;
    }
  }

  // After the last answer nothing listens any more: later connections are refused.
  void serve() {
    int conn = -1;
    for (const std::string& text : answers_) {
      if (!next_request(conn)) break;
      if (&text == &answers_.back()) {
        close(listen_fd_);
        listen_fd_ = -1;
      }
      if (text == kFlood) {
        flood(conn);
      } else {
        send(conn, text.data(), text.size(), MSG_NOSIGNAL);
      }
    }
    if (conn >= 0) close(conn);
  }

  std::vector<std::string> answers_;
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace tenant_test
