#!/usr/bin/env python3
"""A Docker registry token service (the Bearer flow of the distribution spec) for the image tests.

    token-server.py PORT TLS_CERT TLS_KEY SIGN_CERT SIGN_KEY USER PASSWORD

Serves https://localhost:PORT/token?service=S&scope=repository:NAME:pull,push. With a Basic
Authorization of USER:PASSWORD it grants the asked scope; without one it grants nothing (the
registry then refuses the pull); with wrong credentials it answers 401. Tokens are JWTs signed
RS256 with SIGN_KEY, SIGN_CERT in their x5c header: a docker-registry whose auth.token
rootcertbundle is SIGN_CERT accepts them, as it accepts a real token service's.
"""
import base64
import http.server
import json
import os
import ssl
import sys
import time
import urllib.parse

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

port, tls_cert, tls_key, sign_cert, sign_key, user, password = sys.argv[1:8]
with open(sign_key, "rb") as f:
    KEY = serialization.load_pem_private_key(f.read(), password=None)
with open(sign_cert, "rb") as f:
    CERT_DER = x509.load_pem_x509_certificate(f.read()).public_bytes(serialization.Encoding.DER)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(subject, service, access):
    header = {"typ": "JWT", "alg": "RS256", "x5c": [base64.b64encode(CERT_DER).decode()]}
    now = int(time.time())
    claims = {"iss": "hardock-test-issuer", "sub": subject, "aud": service, "exp": now + 300,
              "nbf": now - 10, "iat": now, "jti": b64url(os.urandom(12)), "access": access}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = KEY.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + b64url(signature)


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        if url.path != "/token":
            return self.answer(404, {"error": "not found"})
        query = urllib.parse.parse_qs(url.query)
        service = query.get("service", [""])[0]
        auth = self.headers.get("Authorization", "")
        subject, access = "", []
        if auth:
            if not auth.startswith("Basic ") or \
                    base64.b64decode(auth[6:]).decode(errors="replace") != user + ":" + password:
                return self.answer(401, {"errors": [{"code": "UNAUTHORIZED",
                                                     "message": "wrong credentials"}]})
            subject = user
            for scope in query.get("scope", []):
                kind, _, rest = scope.partition(":")
                name, _, actions = rest.rpartition(":")
                access.append({"type": kind, "name": name, "actions": actions.split(",")})
        self.answer(200, {"token": token(subject, service, access),
                          "access_token": token(subject, service, access),
                          "expires_in": 300})


server = http.server.HTTPServer(("127.0.0.1", int(port)), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(tls_cert, tls_key)
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
