"""dockerapi.py: a stand-in Docker Engine on a unix socket, so that the
real Docker CLI (Debian's docker.io) can be run here, where no engine
runs: the CLI parses its options itself (an option it does not know ends
it with status 125 before it connects), turns them into the Engine API's
container-create request, and sends that here. The request is kept and
answered with an error, so nothing runs; the test reads what the CLI
asked for.

Engine API facts (docs.docker.com, Engine API v1.41): the CLI first
sends GET or HEAD /_ping and reads the Api-Version and Ostype headers,
then POST /v1.41/containers/create with the container's Config members
and a HostConfig object.
"""
import http.server
import json
import os
import socketserver
import subprocess
import threading


class _Engine(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def _handler(kept):
    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def address_string(self):
            return "unix"

        def reply(self, code, body, head=False):
            data = json.dumps(body).encode() if body is not None else b"OK"
            self.send_response(code)
            self.send_header("Content-Type", "application/json"
                             if body is not None else "text/plain")
            self.send_header("Api-Version", "1.41")
            self.send_header("Ostype", "linux")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if not head:
                self.wfile.write(data)

        def do_HEAD(self):
            self.reply(200, None, head=True)

        def do_GET(self):
            self.reply(200, None)

        def do_POST(self):
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n) if n else b""
            if "/containers/create" in self.path:
                kept.append(json.loads(body))
                self.reply(500, {"message": "privmap test: nothing runs"})
            else:
                self.reply(404, {"message": "not in this stand-in"})
    return H


def create_request(docker, argv, workdir, env=None, timeout=120):
    """Run `docker ARGV...` (ARGV[0] the script or "run") against the
    stand-in engine; returns (CompletedProcess, the create request or
    None)."""
    sock = os.path.join(workdir, "engine.sock")
    if os.path.exists(sock):
        os.unlink(sock)
    kept = []
    srv = _Engine(sock, _handler(kept))
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    try:
        e = dict(env or os.environ, DOCKER_HOST="unix://" + sock,
                 HOME=workdir, DOCKER_CONFIG=os.path.join(workdir, ".docker"))
        p = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=e,
                           timeout=timeout)
    finally:
        srv.shutdown()
        srv.server_close()
    return p, (kept[0] if kept else None)


def as_inspect(req, name="agent"):
    """The create request in the shape of `docker inspect`'s output (an
    array of objects with Name, Config and HostConfig)."""
    config = {k: v for k, v in req.items()
              if k not in ("HostConfig", "NetworkingConfig")}
    return [{"Name": "/" + name, "Config": config,
             "HostConfig": req.get("HostConfig", {})}]
