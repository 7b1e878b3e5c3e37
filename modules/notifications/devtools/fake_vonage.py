"""A local fake of Vonage's SMS API (POST /sms/json) over HTTPS on loopback.

The `vonage` SDK always speaks HTTPS, so the fake serves TLS with a self-signed
certificate kept under .data/ (the SDK is told to trust it through VONAGE_CA_BUNDLE, or
automatically in development). Used by the tests and by `manage.py mailcatcher`.
Answers like the real API: {"message-count": "n", "messages": [{"status": "0", ...}]}.
"""

from __future__ import annotations

import base64
import datetime
import ipaddress
import json
import ssl
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from django.conf import settings


def certificate_paths() -> tuple[Path, Path]:
    """(certificate, key) of the fake; created on first use."""
    folder = settings.DATA_DIR / "fake-vonage"
    cert, key = folder / "cert.pem", folder / "key.pem"
    if cert.exists() and key.exists():
        return cert, key
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-vonage.localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .sign(private, hashes.SHA256())
    )
    tmp_key, tmp_cert = key.with_suffix(".tmp1"), cert.with_suffix(".tmp2")
    tmp_key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    tmp_cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    tmp_key.replace(key)
    tmp_cert.replace(cert)
    return cert, key


class FakeVonage:
    """State of the fake: received messages, and knobs for the tests."""

    def __init__(self, directory: Path | None = None, api_key: str = "", api_secret: str = ""):
        self.directory = directory
        self.api_key, self.api_secret = api_key, api_secret
        self.messages: list[dict] = []
        self.fail_next = 0
        self.fail_status = "1"  # Throttled
        self.lock = threading.Lock()

    def receive(self, form: dict, authorization: str) -> dict:
        if self.api_key:
            expected = base64.b64encode(f"{self.api_key}:{self.api_secret}".encode()).decode()
            if authorization != f"Basic {expected}":
                return {
                    "message-count": "1",
                    "messages": [{"status": "4", "error-text": "Bad Credentials"}],
                }
        with self.lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                return {
                    "message-count": "1",
                    "messages": [{"status": self.fail_status, "error-text": "Throttled"}],
                }
            message_id = uuid.uuid4().hex[:16].upper()
            record = {
                **form,
                "message-id": message_id,
                "received": datetime.datetime.now(datetime.UTC).isoformat(),
            }
            self.messages.append(record)
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / f"{record['received']}-{message_id}.json").write_text(
                json.dumps(record, ensure_ascii=False)
            )
        return {
            "message-count": "1",
            "messages": [
                {
                    "to": form.get("to", ""),
                    "message-id": message_id,
                    "status": "0",
                    "remaining-balance": "10.00",
                    "message-price": "0.05",
                    "network": "26001",
                }
            ],
        }


def _handler(state: FakeVonage):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            if self.path.split("?")[0] != "/sms/json":
                self.send_error(404)
                return
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            body = json.dumps(state.receive(form, self.headers.get("Authorization", "")))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body.encode())))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, format, *args):  # quiet: the devrun output is for people
            return

    return Handler


def fake_vonage_start(
    host: str, port: int, *, directory: Path | None = None, api_key: str = "", api_secret: str = ""
):
    """Serve in a thread; returns (server, state). Stop with server.shutdown()."""
    state = FakeVonage(directory, api_key, api_secret)
    server = ThreadingHTTPServer((host, port), _handler(state))
    cert, key = certificate_paths()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, state


def sms_list(directory: Path, *, limit: int = 100) -> list[dict]:
    if not directory.exists():
        return []
    paths = sorted(directory.glob("*.json"), reverse=True)[:limit]
    return [json.loads(p.read_text()) for p in paths]
