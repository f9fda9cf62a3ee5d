"""The HTTPS server: one thread per connection, request framing, and dispatch of each request
to the control API, a queued fault or the tenant API."""

import http.server
import re
import socket
import socketserver
import ssl
import struct
import sys
import time

from tenant_api import handle_api
from tenant_control import handle_control
from tenant_faults import HUGE_SIZE, fault_response, huge_body
from tenant_http import (INTERNAL_ERROR, REQ_INVALID, REQ_TOO_LARGE, bare_path, classify,
                         error_response)
from tenant_log import log, printable
from tenant_login import loggable

MAX_BODY = 1 << 20          # bigger request bodies get 413
DRAIN_LIMIT = 8 << 20       # 413 bodies up to this size are read (so the client sees the 413)
IDLE_TIMEOUT = 60           # seconds a kept-alive connection may sit idle
CONTROL_PREFIX = "/_fake/"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Small answers must not wait for the delayed-ACK dance (~40 ms each).
    disable_nagle_algorithm = True
    server_version = "fake-tenant/1.0"
    sys_version = ""
    timeout = IDLE_TIMEOUT

    # -- plumbing --

    def handle(self):
        try:
            self.connection.do_handshake()
            super().handle()
        except OSError as e:  # includes ssl.SSLError, resets, timeouts
            log(f"connection closed: {type(e).__name__}")
        except Exception as e:  # never let a thread die noisily
            log(f"connection error: {type(e).__name__}")

    def log_request(self, code="-", size="-"):
        path = bare_path(getattr(self, "path", ""))
        log(f"{printable(self.command or '-')} {printable(path)} -> "
            f"{getattr(code, 'value', code)}")

    def log_error(self, format, *args):  # noqa: A002 - may carry the raw request line
        if args and isinstance(args[0], int):
            log(f"error response {args[0]}")

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_GET(self):
        self.dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    def is_control(self):
        return self.path.startswith(CONTROL_PREFIX)

    def handle_expect_100(self):
        length = self.headers.get("Content-Length", "")
        if re.fullmatch(r"[0-9]+", length.strip() or "x") and int(length) > MAX_BODY:
            self.refuse_too_large(int(length))
            return False
        return super().handle_expect_100()

    def refuse_too_large(self, size):
        """413 and close; an API request is logged (with an empty body) first."""
        if not self.is_control():
            self.record(b"", size)
        self.send(error_response(REQ_TOO_LARGE, status=413, close=True))

    def send(self, resp):
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(resp.body)))
        for k, v in resp.headers.items():
            self.send_header(k, v)
        if resp.close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(resp.body)

    def abort(self):
        """Close the TCP connection without an answer (RST)."""
        log(f"{printable(self.command)} {printable(bare_path(self.path))} -> "
            "connection reset, no answer")
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            self.rfile.close()  # drops the socket's last io reference
            self.connection.close()
        except OSError:
            pass

    def read_body(self):
        """(bytes, None), (None, declared_size) if too large, or raises ValueError if malformed."""
        te = self.headers.get("Transfer-Encoding")
        if te is not None:
            if te.strip().lower() != "chunked":
                raise ValueError("unsupported Transfer-Encoding")
            return self.read_chunked()
        length = self.headers.get("Content-Length")
        if length is None:
            return b"", None
        if not re.fullmatch(r"[0-9]{1,18}", length.strip()):
            raise ValueError("bad Content-Length")
        n = int(length)
        if n > MAX_BODY:
            if n <= DRAIN_LIMIT:
                left = n
                while left:
                    got = self.rfile.read(min(left, 65536))
                    if not got:
                        raise ConnectionError("short body")
                    left -= len(got)
            return None, n
        return self.read_exactly(n), None

    def read_chunked(self):
        chunks, total = [], 0
        while True:
            line = self.rfile.readline(1024)
            if not line.endswith(b"\n"):
                raise ValueError("bad chunk")
            size = int(line.split(b";", 1)[0].strip(), 16)
            if size < 0:
                raise ValueError("bad chunk")
            if size == 0:
                while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
                    pass
                break
            total += size
            if total > MAX_BODY:
                return None, total
            chunks.append(self.read_exactly(size))
            self.rfile.readline(8)
        return b"".join(chunks), None

    def read_exactly(self, n):
        data = self.rfile.read(n)
        if len(data) != n:
            raise ConnectionError("short body")
        return data

    def record(self, body, size):
        path, _, query = self.path.partition("?")
        endpoint = classify(path)[0]
        entry = {
            "method": self.command,
            "path": path,
            "query": query,
            "content_type": self.headers.get("Content-Type"),
            "authorization_present": self.headers.get("Authorization") is not None,
            "body": body.decode("utf-8", errors="replace"),
            "body_bytes": size,
            "headers": [[k, v] for k, v in self.headers.items()],
            "endpoint": endpoint,
        }
        if endpoint == "login":  # a user's password: never kept, only that one was sent
            entry["user_name"], entry["password_sent"], entry["body"] = loggable(body)
            entry["headers"] = [[k, v] for k, v in self.headers.items()
                                if k.lower() != "authorization"]
        self.server.state.log_request(entry)

    # -- dispatch --

    def dispatch(self):
        try:
            try:
                body, too_large = self.read_body()
            except ValueError:
                self.send(error_response(REQ_INVALID, "malformed message framing"))
                self.close_connection = True
                return
            if body is None:
                self.refuse_too_large(too_large)
                return
            path = bare_path(self.path)
            if self.is_control():
                self.send(handle_control(self.server.state, self.command, path, body))
                return
            self.record(body, len(body))
            endpoint, _ = classify(path)
            fault = self.server.state.take_fault(endpoint)
            if fault is not None:
                self.run_fault(fault, endpoint, body)
            else:
                self.send(self.api(body))
        except (ConnectionError, TimeoutError, ssl.SSLError):
            self.close_connection = True
        except Exception as e:
            log(f"internal error handling {printable(self.command)}: {type(e).__name__}")
            try:
                self.send(error_response(INTERNAL_ERROR, status=500, close=True))
            except Exception:
                self.close_connection = True

    def api(self, body):
        return handle_api(self.server.state, self.command, bare_path(self.path), self.headers,
                          body)

    def run_fault(self, fault, endpoint, body):
        kind = fault["fault"]
        if kind == "slow":
            time.sleep(fault.get("seconds", 1))
        if kind in ("none", "slow"):
            self.send(self.api(body))
        elif kind == "reset":
            self.api(body)  # the tenant acts, the answer is lost
            self.abort()
        elif kind == "reset_samestamp":
            self.api_keeping_stamps(body)  # a change within the second of the one before
            self.abort()
        elif kind == "reset_before":
            self.abort()
        elif kind == "huge":
            self.send_huge()
        else:
            self.send(fault_response(kind, endpoint, fault.get("seconds", 1)))

    def api_keeping_stamps(self, body):
        state = self.server.state
        with state.lock:
            stamps = {name: u["pwd_change_at"] for name, u in state.users.items()}
        self.api(body)
        with state.lock:
            for name, stamp in stamps.items():
                if name in state.users:
                    state.users[name]["pwd_change_at"] = stamp

    def send_huge(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(HUGE_SIZE))
        self.end_headers()
        if self.command == "HEAD":
            return
        for part in huge_body():
            self.wfile.write(part)


class TLSServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port, context, state):
        self.state = state
        super().__init__(("127.0.0.1", port), Handler)
        # The handshake runs in the connection's thread (Handler.handle), not in accept().
        self.socket = context.wrap_socket(self.socket, server_side=True,
                                          do_handshake_on_connect=False)

    def server_bind(self):
        socketserver.TCPServer.server_bind(self)  # no reverse DNS lookup
        self.server_name = "127.0.0.1"
        self.server_port = self.server_address[1]

    def handle_error(self, request, client_address):
        log(f"connection error: {type(sys.exc_info()[1]).__name__}")
