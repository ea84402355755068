"""HTTP/1.1 over a unix socket (the Docker engine's), for the benchmark load generators."""
import http.client
import socket


class UnixConnection(http.client.HTTPConnection):
    """A keep-alive connection to the HTTP server listening on the unix socket `path`."""

    def __init__(self, path, timeout=30):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)
