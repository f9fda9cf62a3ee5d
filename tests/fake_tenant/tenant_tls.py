"""Throwaway TLS material made with the openssl command, and the servers' SSL contexts.

generate_tls() writes ca.pem, server.{pem,key} (IP:127.0.0.1, DNS:localhost) and
wrong.{pem,key} (DNS:wrong.example only), EC P-256, valid 30 days; the CA key is deleted.
"""

import os
import secrets
import ssl
import subprocess

EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
REQ_CONFIG = ("[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = placeholder\n"
              "[v3_ca]\nbasicConstraints = critical,CA:TRUE\n"
              "keyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n")
LEAF_EXTENSIONS = ("basicConstraints = critical,CA:FALSE\n"
                   "keyUsage = critical,digitalSignature\n"
                   "extendedKeyUsage = serverAuth\n"
                   "subjectAltName = {san}\n"
                   "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n")
# name -> (common name, subjectAltName)
LEAVES = {"server": ("localhost", "IP:127.0.0.1,DNS:localhost"),
          "wrong": ("wrong.example", "DNS:wrong.example")}


def write_file(path, text, mode=0o600):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def remove_file(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def openssl(state_dir, *args):
    r = subprocess.run(["openssl", *args], cwd=state_dir, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise RuntimeError(f"openssl {args[0]} failed: {r.stderr.decode(errors='replace')}")


def serial():
    return "0x" + secrets.token_hex(8)


def generate_tls(state_dir):
    """ca.pem, server.{pem,key} (127.0.0.1, localhost), wrong.{pem,key} (wrong.example)."""
    write_file(os.path.join(state_dir, "req.cnf"), REQ_CONFIG)
    old_umask = os.umask(0o077)
    try:
        openssl(state_dir, "req", "-x509", "-config", "req.cnf", "-extensions", "v3_ca",
                *EC_KEY, "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
                "-subj", "/CN=pam_idaas fake tenant CA " + secrets.token_hex(4),
                "-set_serial", serial())
        for name, (cn, san) in LEAVES.items():
            write_file(os.path.join(state_dir, name + ".ext"), LEAF_EXTENSIONS.format(san=san))
            openssl(state_dir, "req", "-new", "-config", "req.cnf", *EC_KEY,
                    "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn)
            openssl(state_dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem",
                    "-CAkey", "ca.key", "-set_serial", serial(),
                    "-days", "30", "-extfile", name + ".ext", "-out", name + ".pem")
    finally:
        os.umask(old_umask)
    # The CA key is not needed any more.
    for name in ("req.cnf", "server.ext", "wrong.ext", "server.csr", "wrong.csr", "ca.key"):
        remove_file(os.path.join(state_dir, name))
    for name in LEAVES:
        os.chmod(os.path.join(state_dir, name + ".key"), 0o600)
    for name in ("ca", *LEAVES):
        os.chmod(os.path.join(state_dir, name + ".pem"), 0o644)


def server_context(state_dir, name):
    """A TLS 1.2+ server context with certificate `name` ("server" or "wrong")."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(os.path.join(state_dir, name + ".pem"),
                        os.path.join(state_dir, name + ".key"))
    return ctx
