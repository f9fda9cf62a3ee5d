#!/usr/bin/env python3
"""A proxy on 127.0.0.1 that writes down every connection it gets (tests/e2e/setuid_env.sh).

    recording_proxy.py LOG PORTFILE [--relay]

Listens on a free port of 127.0.0.1, writes the port to PORTFILE once it listens, and for each
connection appends one line to LOG: "connection: " and the first line the client sent (e.g.
"CONNECT 127.0.0.1:4433 HTTP/1.1"). Without --relay it answers 403 and closes: a trap that a
client steered by the environment's proxy variables falls into. With --relay it is a real
HTTP CONNECT proxy (200, then the bytes both ways), for the proxy a configuration names.
"""
import socket
import sys
import threading


def pipe(source, sink):
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def relay(client, first_line):
    parts = first_line.split()
    if len(parts) != 3 or parts[0] != "CONNECT":
        client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
        return
    host, _, port = parts[1].rpartition(":")
    upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
    client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()
    pipe(client, upstream)


def serve(connection, log, relaying, lock):
    with connection:
        head = b""
        try:
            while b"\r\n\r\n" not in head and len(head) < 65536:
                data = connection.recv(4096)
                if not data:
                    break
                head += data
        except OSError:
            pass
        first_line = head.split(b"\r\n", 1)[0].decode(errors="replace")
        with lock, open(log, "a", encoding="utf-8") as out:
            out.write(f"connection: {first_line}\n")
        if relaying:
            relay(connection, first_line)
        else:
            connection.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")


def main():
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and sys.argv[3] != "--relay"):
        sys.exit("usage: recording_proxy.py LOG PORTFILE [--relay]")
    log, portfile, relaying = sys.argv[1], sys.argv[2], len(sys.argv) == 4
    open(log, "a", encoding="utf-8").close()
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    with open(portfile, "w", encoding="utf-8") as out:
        out.write(f"{server.getsockname()[1]}\n")
    lock = threading.Lock()
    while True:
        connection, _ = server.accept()
        threading.Thread(target=serve, args=(connection, log, relaying, lock), daemon=True).start()


if __name__ == "__main__":
    main()
