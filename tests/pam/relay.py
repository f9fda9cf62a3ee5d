#!/usr/bin/env python3
"""A TCP relay on 127.0.0.1 between the module and the fake tenant, for tests/pam/faults.sh.

The fake tenant injects faults per request; some faults live below HTTP and must strike one
particular call of a PAM operation: the tenant going down, or presenting a certificate for
the wrong host or from an untrusted CA, after the token and the lookup went well. The module
opens a fresh connection for every change request (and reconnects after a failure), so a
relay that switches where new connections go, or stops listening, between two calls does
exactly that. TLS passes through untouched: the module checks the certificate of whatever
server is behind.

    relay.py TARGET_PORT

prints one JSON line {"port": P, "control": C} when ready, then serves until SIGTERM.
Control, plain HTTP POST on 127.0.0.1:C (answers "ok" once the change is in effect):
  /target/PORT  new connections go to 127.0.0.1:PORT (listening again if down)
  /cut          reset every open connection (both sides)
  /down         stop listening: new connections are refused (open ones stay)
"""

import http.server
import json
import select
import signal
import socket
import struct
import sys
import threading


class Relay:
    def __init__(self, target):
        self.lock = threading.Lock()
        self.target = target
        self.want_listening = True
        self.port = 0
        self.listener = None
        self.open = set()  # sockets of live relayed connections
        self.doomed = set()  # ... being reset
        self.changed = threading.Condition(self.lock)
        self.asked = 0  # changes asked for by the control side
        self.done = 0   # ... and acted on by the accept loop
        self.listen()

    def listen(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", self.port))
        s.listen(16)
        self.port = s.getsockname()[1]
        self.listener = s

    def accept_loop(self):
        while True:
            with self.lock:
                if self.want_listening and self.listener is None:
                    self.listen()
                elif not self.want_listening and self.listener is not None:
                    self.listener.close()
                    self.listener = None
                listener = self.listener
                self.done = self.asked
                self.changed.notify_all()
            if listener is None:
                threading.Event().wait(0.02)
                continue
            ready, _, _ = select.select([listener], [], [], 0.02)
            if ready:
                client, _ = listener.accept()
                threading.Thread(target=self.relay, args=(client,), daemon=True).start()

    def steer(self, listening, target=None):
        """Listen or not (and where new connections go); returns once the accept loop acted."""
        with self.lock:
            if target is not None:
                self.target = target
            self.want_listening = listening
            self.asked += 1
            wanted = self.asked
            self.changed.wait_for(lambda: self.done >= wanted, timeout=2)

    def relay(self, client):
        with self.lock:
            target = self.target
        try:
            server = socket.create_connection(("127.0.0.1", target), timeout=5)
        except OSError:
            self.doom(client)
            client.close()
            return
        server.settimeout(None)
        with self.lock:
            self.open.update((client, server))
        back = threading.Thread(target=self.pump, args=(server, client), daemon=True)
        back.start()
        self.pump(client, server)
        back.join()
        with self.lock:
            self.open.difference_update((client, server))
            self.doomed.difference_update((client, server))
        client.close()  # a doomed socket (linger 0) sends its RST now
        server.close()

    def pump(self, source, sink):
        """Copies one direction; an end passes on as an end, a reset as a reset."""
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
            with self.lock:
                if source in self.doomed or sink in self.doomed:
                    return
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            self.doom(source, sink)

    def doom(self, *sockets):
        """Abort connections: no FIN, an RST when closed; a thread reading one wakes up."""
        with self.lock:
            self.doomed.update(sockets)
        for s in sockets:
            try:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                s.shutdown(socket.SHUT_RD)
            except OSError:
                pass

    def cut(self):
        with self.lock:
            victims = list(self.open)
        self.doom(*victims)


def control_handler(relay):
    class Control(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            parts = self.path.strip("/").split("/")
            if parts[0] == "target" and len(parts) == 2 and parts[1].isdigit():
                relay.steer(True, int(parts[1]))
            elif parts == ["cut"]:
                relay.cut()
            elif parts == ["down"]:
                relay.steer(False)
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", "3")
            self.end_headers()
            self.wfile.write(b"ok\n")

        def log_message(self, format, *args):  # noqa: A002
            pass

    return Control


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        print("usage: relay.py TARGET_PORT", file=sys.stderr)
        return 2
    relay = Relay(int(sys.argv[1]))
    threading.Thread(target=relay.accept_loop, daemon=True).start()
    control = http.server.ThreadingHTTPServer(("127.0.0.1", 0), control_handler(relay))
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=control.shutdown).start())
    print(json.dumps({"port": relay.port, "control": control.server_port}), flush=True)
    control.serve_forever(poll_interval=0.1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
