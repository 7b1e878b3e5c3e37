"""A local fake of the KSeF 2.0 API (Poland's e-invoicing system) on loopback, for `make run`
and the tests: never a mock inside our process. It speaks the paths and JSON of the real API
(api.ksef.mf.gov.pl/v2, as the `ksef-client` SDK calls it) and checks what the real one
checks for an online session:

- authentication with a KSeF token: challenge, the token encrypted with the public key
  (RSA-OAEP/SHA-256 of "token|timestampMs"), the context NIP must own the token; refused
  after 31 December 2026 (`today` can be set);
- authentication with a certificate: an AuthTokenRequest (schema 2.0) with an enveloped
  XAdES signature posted to /auth/xades-signature; the signature is verified (signxml) and
  its certificate's chain checked against the CAs the fake trusts (`trust(ca_pem)`); only
  the signed element is read (no wrapping), its challenge must be one the fake gave and not
  used, and the certificate's subject must carry the context NIP ("VATPL-<NIP>" as
  organizationIdentifier or serialNumber). Like the real one, the POST answers 202 and the
  verdict comes with the status (/auth/{ref}: 200, or 415/460 with the reason);
- an online session for FA (3) with an AES-256 key encrypted by RSA-OAEP; each invoice
  arrives AES-CBC encrypted with its SHA-256 and sizes, which must match;
- the invoice is valid against the FA(3) schema, and its seller (Podmiot1 NIP) is the
  session's NIP; a second send of the same invoice (same hash) is a duplicate (440) that
  names the first KSeF number;
- limits: `throttle(n)` makes the next n sends answer 429 with Retry-After; `available =
  False` answers 503 to everything (KSeF down: the offline case).

Batch sessions (POST /sessions/batch): the declared ZIP (size, SHA-256) and its parts (each
AES-256-CBC encrypted separately with the session key, size and SHA-256 of the encrypted
part, at most 50 parts of at most `max_part_bytes` before encryption) get one pre-signed PUT
URL each (/upload/<session>/<n>?sig=...); a part whose size or hash differs is refused.
Closing (POST /sessions/batch/{ref}/close) with every part: the parts are decrypted and
joined, the ZIP checked against its declared hash, each XML judged as in an online session,
status 200 (or 445 when none passed); a part missing: 440, session cancelled, no invoice
taken. GET /sessions/{ref} gives the session's status and counts, GET
/sessions/{ref}/invoices its invoices in pages (`page_size`, x-continuation-token).

Accepted invoices get a KSeF number "<NIP>-<YYYYMMDD>-<12 hex>-<2 hex>" and an UPO (XML)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import re
import secrets
import threading
import uuid
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

from cryptography import x509
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asym
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.x509.oid import NameOID

OAEP = asym.OAEP(mgf=asym.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
NS = "http://crd.gov.pl/wzor/2025/06/25/13775/"
DS = "http://www.w3.org/2000/09/xmldsig#"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


POLAND = ZoneInfo("Europe/Warsaw")


def _day() -> str:
    """The date in KSeF's numbers and references: the Polish date, as KSeF writes it (an
    invoice accepted at 00:30 on 7 December in Warsaw is ...-20261207-..., not the UTC
    date 20261206)."""
    return f"{_now().astimezone(POLAND):%Y%m%d}"


def _certificate(key) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Fake KSeF")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - dt.timedelta(days=1))
        .not_valid_after(_now() + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


class FakeKsef:
    TOKEN_LAST_DAY = dt.date(2026, 12, 31)

    def __init__(self) -> None:
        self.trusted: list[bytes] = []  # PEM of the CAs whose certificates authenticate
        self.today: dt.date | None = None  # None: the real date
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.certificate = _certificate(self.key)
        self.tokens: dict[str, str] = {}  # KSeF token -> NIP it acts for
        self.available = True
        self.throttled = 0
        self.retry_after = 1
        self.lock = threading.Lock()
        self.challenges: dict[str, int] = {}
        self.auth: dict[str, dict] = {}  # authentication token -> {nip, ref}
        self.access: dict[str, str] = {}  # access token -> nip
        self.sessions: dict[str, dict] = {}
        self.by_hash: dict[str, str] = {}  # invoice hash -> KSeF number (accepted)
        self.invoices: dict[str, dict] = {}  # invoice reference -> record
        self.requests: list[tuple[str, str]] = []
        self.base_url = ""  # http://host:port, for the batch upload URLs
        self.max_part_bytes = 100_000_000
        self.page_size = 1000

    def token_add(self, token: str, nip: str) -> None:
        self.tokens[token] = nip

    def trust(self, ca_pem: bytes) -> None:
        self.trusted.append(ca_pem)

    def throttle(self, count: int, retry_after: int = 1) -> None:
        self.throttled, self.retry_after = count, retry_after

    def accepted(self) -> list[dict]:
        return [r for r in self.invoices.values() if r["status"]["code"] == 200]

    # --- handlers: (status, body) ---------------------------------------------------------

    def public_keys(self, _body, _auth):
        cert = base64.b64encode(self.certificate).decode()
        valid = {
            "validFrom": (_now() - dt.timedelta(days=1)).isoformat(),
            "validTo": (_now() + dt.timedelta(days=365)).isoformat(),
        }
        return 200, [
            {"certificate": cert, "usage": ["KsefTokenEncryption"], **valid},
            {"certificate": cert, "usage": ["SymmetricKeyEncryption"], **valid},
        ]

    def challenge(self, _body, _auth):
        challenge = f"{_day()}-CR-{secrets.token_hex(8).upper()}"
        stamp = int(_now().timestamp() * 1000)
        self.challenges[challenge] = stamp
        return 200, {"challenge": challenge, "timestamp": _now().isoformat(), "timestampMs": stamp}

    def ksef_token(self, body, _auth):
        stamp = self.challenges.pop(body.get("challenge", ""), None)
        if stamp is None:
            return 400, _error(21401, "Nieprawidłowe wyzwanie autoryzacyjne.")
        try:
            plain = self.key.decrypt(base64.b64decode(body["encryptedToken"]), OAEP).decode()
            token, sent_stamp = plain.rsplit("|", 1)
        except Exception:
            return 400, _error(21405, "Nie można odszyfrować tokenu.")
        context = body.get("contextIdentifier") or {}
        nip = self.tokens.get(token)
        if int(sent_stamp) != stamp or nip is None or context.get("value") != nip:
            return 401, _error(21115, "Nieprawidłowy token KSeF dla kontekstu.")
        if (self.today or _now().astimezone(POLAND).date()) > self.TOKEN_LAST_DAY:
            return 401, _error(21116, "Tokeny KSeF nie są przyjmowane od 1 stycznia 2027.")
        return self._auth_started(nip, _status(200, "Uwierzytelnianie zakończone sukcesem"))

    def _auth_started(self, nip: str, status: dict):
        auth_token = secrets.token_urlsafe(24)
        ref = f"{_day()}-AU-{secrets.token_hex(5).upper()}"
        self.auth[auth_token] = {"nip": nip, "ref": ref, **status}
        return 202, {
            "referenceNumber": ref,
            "authenticationToken": {"token": auth_token, "validUntil": _later(15)},
        }

    def xades_signature(self, body, _auth):
        """The body is the signed XML (bytes). Checked as module docstring says."""
        verdict, nip = self._xades_check(body)
        if verdict is None:
            return 400, _error(21405, "Nieprawidłowy dokument XML.")
        return self._auth_started(nip, verdict)

    def _xades_check(self, raw: bytes) -> tuple[dict | None, str]:
        import tempfile

        from lxml import etree
        from signxml import SignatureConfiguration
        from signxml.exceptions import SignXMLException
        from signxml.xades import XAdESVerifier

        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            document = etree.fromstring(raw, parser=parser)
        except (etree.XMLSyntaxError, ValueError):
            return None, ""
        if not self.trusted:
            return _status(415, "Brak zaufanego certyfikatu"), ""
        # the document and SignedProperties (signxml adds KeyInfo: 3)
        references = len(document.findall(f".//{{{DS}}}SignedInfo/{{{DS}}}Reference"))
        if references not in (2, 3):
            return _status(460, "Nieprawidłowy podpis", "references"), ""
        with tempfile.NamedTemporaryFile(suffix=".pem") as cas:
            cas.write(b"".join(self.trusted))
            cas.flush()
            try:
                result = XAdESVerifier().verify(
                    raw,
                    ca_pem_file=cas.name,
                    parser=parser,
                    expect_config=SignatureConfiguration(expect_references=references),
                )
            except SignXMLException as exc:
                return _status(460, "Nieprawidłowy podpis", str(exc)[:300]), ""
        signed = (result[0] if isinstance(result, list) else result).signed_xml
        ns = {"a": "http://ksef.mf.gov.pl/auth/token/2.0"}
        challenge = signed.findtext("a:Challenge", namespaces=ns) or ""
        nip = signed.findtext("a:ContextIdentifier/a:Nip", namespaces=ns) or ""
        if (
            signed.tag != f"{{{ns['a']}}}AuthTokenRequest"
            or self.challenges.pop(challenge, None) is None
        ):
            return _status(460, "Nieprawidłowe wyzwanie autoryzacyjne"), nip
        certificate = x509.load_der_x509_certificate(
            base64.b64decode(
                (result[0] if isinstance(result, list) else result).signature_xml.findtext(
                    ".//{http://www.w3.org/2000/09/xmldsig#}X509Certificate"
                )
                or ""
            )
        )
        names = [
            a.value
            for a in certificate.subject
            if a.oid in (NameOID.ORGANIZATION_IDENTIFIER, NameOID.SERIAL_NUMBER)
        ]
        if f"VATPL-{nip}" not in names:
            return _status(
                415, "Brak uprawnień", "Certyfikat nie uprawnia do kontekstu " + nip
            ), nip
        return _status(200, "Uwierzytelnianie zakończone sukcesem"), nip

    def auth_status(self, _body, auth, ref):
        record = self.auth.get(auth)
        if record is None or record["ref"] != ref:
            return 401, _error(21301, "Brak autoryzacji.")
        return 200, {"status": record["status"]}

    def redeem(self, _body, auth):
        record = self.auth.pop(auth, None)
        if record is None or record["status"]["code"] != 200:
            return 401, _error(21301, "Brak autoryzacji.")
        access = secrets.token_urlsafe(24)
        self.access[access] = record["nip"]
        return 200, {
            "accessToken": {"token": access, "validUntil": _later(15)},
            "refreshToken": {"token": secrets.token_urlsafe(24), "validUntil": _later(60 * 24)},
        }

    def session_open(self, body, auth):
        nip = self.access.get(auth)
        if nip is None:
            return 401, _error(21301, "Brak autoryzacji.")
        form = body.get("formCode") or {}
        if (form.get("systemCode"), form.get("schemaVersion"), form.get("value")) != (
            "FA (3)",
            "1-0E",
            "FA",
        ):
            return 400, _error(21405, "Nieobsługiwany formularz.")
        try:
            enc = body["encryption"]
            key = self.key.decrypt(base64.b64decode(enc["encryptedSymmetricKey"]), OAEP)
            iv = base64.b64decode(enc["initializationVector"])
            assert len(key) == 32 and len(iv) == 16
        except Exception:
            return 400, _error(21405, "Nieprawidłowe dane szyfrowania.")
        ref = f"{_day()}-SO-{secrets.token_hex(5).upper()}"
        self.sessions[ref] = {"nip": nip, "key": key, "iv": iv, "open": True, "count": 0}
        return 201, {"referenceNumber": ref, "validUntil": _later(60 * 12)}

    def invoice_send(self, body, auth, ref):
        session = self.sessions.get(ref)
        if session is None or self.access.get(auth) != session["nip"]:
            return 401, _error(21301, "Brak autoryzacji.")
        if not session["open"]:
            return 400, _error(21180, "Sesja jest zamknięta.")
        with self.lock:
            if self.throttled > 0:
                self.throttled -= 1
                return 429, {"status": 429, "detail": "Too Many Requests"}
        encrypted = base64.b64decode(body.get("encryptedInvoiceContent", ""))
        if _sha(encrypted) != body.get("encryptedInvoiceHash") or len(encrypted) != body.get(
            "encryptedInvoiceSize"
        ):
            return 400, _error(21405, "Skrót zaszyfrowanej faktury się nie zgadza.")
        decryptor = Cipher(algorithms.AES(session["key"]), modes.CBC(session["iv"])).decryptor()
        unpadder = padding.PKCS7(128).unpadder()
        xml = (
            unpadder.update(decryptor.update(encrypted) + decryptor.finalize())
            + unpadder.finalize()
        )
        invoice_hash = _sha(xml)
        if invoice_hash != body.get("invoiceHash") or len(xml) != body.get("invoiceSize"):
            return 400, _error(21405, "Skrót faktury się nie zgadza.")
        session["count"] += 1
        invoice_ref = f"{_day()}-EE-{secrets.token_hex(5).upper()}"
        record = {
            "referenceNumber": invoice_ref,
            "ordinalNumber": session["count"],
            "invoiceHash": invoice_hash,
            "invoicingDate": _now().isoformat(),
            "session": ref,
            "offline": bool(body.get("offlineMode")),
        }
        record.update(self._judge(xml, session["nip"], invoice_hash))
        self.invoices[invoice_ref] = record
        return 202, {"referenceNumber": invoice_ref}

    def _judge(self, xml: bytes, nip: str, invoice_hash: str) -> dict:
        from modules.invoices.fa3 import Fa3Error, fa3_validate

        try:
            fa3_validate(xml)
        except Fa3Error as exc:
            return _status(450, "Błąd weryfikacji semantyki dokumentu faktury", str(exc)[:500])
        seller = re.search(rb"<Podmiot1>.*?<NIP>(\d{10})</NIP>", xml, re.S)
        number = re.search(rb"<P_2>([^<]*)</P_2>", xml)
        if seller is None or seller.group(1).decode() != nip:
            return _status(
                410, "Nieprawidłowy zakres uprawnień", "NIP sprzedawcy inny niż kontekst sesji"
            )
        with self.lock:
            if invoice_hash in self.by_hash:
                return _status(440, "Duplikat faktury", self.by_hash[invoice_hash])
            suffix = f"{secrets.token_hex(6).upper()}-{secrets.token_hex(1).upper()}"
            ksef_number = f"{nip}-{_day()}-{suffix}"
            self.by_hash[invoice_hash] = ksef_number
        return {
            **_status(200, "Sukces"),
            "ksefNumber": ksef_number,
            "invoiceNumber": number.group(1).decode() if number else "",
            "acquisitionDate": _now().isoformat(),
        }

    def invoice_status(self, _body, auth, ref, invoice_ref):
        session = self.sessions.get(ref)
        record = self.invoices.get(invoice_ref)
        if session is None or record is None or record["session"] != ref:
            return 404, _error(21404, "Nie znaleziono.")
        if self.access.get(auth) != session["nip"]:
            return 401, _error(21301, "Brak autoryzacji.")
        return 200, {k: v for k, v in record.items() if k not in ("session", "offline")}

    def upo(self, _body, auth, ref, ksef_number):
        session = self.sessions.get(ref)
        if session is None or self.access.get(auth) != session["nip"]:
            return 401, _error(21301, "Brak autoryzacji.")
        record = next(
            (r for r in self.invoices.values() if r.get("ksefNumber") == ksef_number), None
        )
        if record is None:
            return 404, _error(21404, "Nie znaleziono.")
        upo = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<Potwierdzenie xmlns="http://upo.schematy.mf.gov.pl/KSeF/v4-3">'
            f"<NazwaPodmiotuPrzyjmujacego>Ministerstwo Finansów (fake)</NazwaPodmiotuPrzyjmujacego>"
            f"<NumerReferencyjnySesji>{ref}</NumerReferencyjnySesji>"
            f"<Dokument><NipSprzedawcy>{session['nip']}</NipSprzedawcy>"
            f"<NumerKSeFDokumentu>{ksef_number}</NumerKSeFDokumentu>"
            f"<NumerFaktury>{record['invoiceNumber']}</NumerFaktury>"
            f"<SkrotDokumentu>{record['invoiceHash']}</SkrotDokumentu>"
            f"<DataPrzyjeciaDokumentu>{record['acquisitionDate']}</DataPrzyjeciaDokumentu>"
            "</Dokument></Potwierdzenie>"
        )
        return 200, upo.encode()

    # --- batch sessions --------------------------------------------------------------------

    def batch_open(self, body, auth):
        nip = self.access.get(auth)
        if nip is None:
            return 401, _error(21301, "Brak autoryzacji.")
        with self.lock:
            if self.throttled > 0:
                self.throttled -= 1
                return 429, {"status": 429, "detail": "Too Many Requests"}
        form = body.get("formCode") or {}
        if (form.get("systemCode"), form.get("value")) != ("FA (3)", "FA"):
            return 400, _error(21405, "Nieobsługiwany formularz.")
        try:
            enc = body["encryption"]
            key = self.key.decrypt(base64.b64decode(enc["encryptedSymmetricKey"]), OAEP)
            iv = base64.b64decode(enc["initializationVector"])
            batch = body["batchFile"]
            parts = {
                int(p["ordinalNumber"]): (int(p["fileSize"]), p["fileHash"])
                for p in batch["fileParts"]
            }
            assert len(key) == 32 and len(iv) == 16 and parts
        except Exception:
            return 400, _error(21405, "Nieprawidłowe dane paczki.")
        if len(parts) > 50 or sorted(parts) != list(range(1, len(parts) + 1)):
            return 400, _error(21161, "Nieprawidłowa liczba lub numeracja części paczki.")
        if any(size > self.max_part_bytes + 16 for size, _hash in parts.values()):
            return 400, _error(21162, "Część paczki przekracza dozwolony rozmiar.")
        ref = f"{_day()}-SB-{secrets.token_hex(5).upper()}"
        self.sessions[ref] = {
            "nip": nip,
            "key": key,
            "iv": iv,
            "open": True,
            "count": 0,
            "batch": True,
            "parts": parts,
            "uploaded": {},
            "zip": (int(batch["fileSize"]), batch["fileHash"]),
            "offline": bool(body.get("offlineMode")),
            "status": _status(100, "Sesja wsadowa rozpoczęta")["status"],
        }
        uploads = [
            {
                "ordinalNumber": n,
                "method": "PUT",
                "url": f"{self.base_url}/upload/{ref}/{n}?sig={secrets.token_urlsafe(12)}",
                "headers": {"x-ms-blob-type": "BlockBlob"},
            }
            for n in sorted(parts)
        ]
        return 201, {"referenceNumber": ref, "partUploadRequests": uploads}

    def part_upload(self, body, _auth, ref, ordinal):
        session = self.sessions.get(ref)
        if session is None or not session.get("batch") or not session["open"]:
            return 404, _error(21404, "Nie znaleziono.")
        expected = session["parts"].get(int(ordinal))
        content = body if isinstance(body, bytes) else b""
        if expected is None or (len(content), _sha(content)) != expected:
            return 400, _error(21163, "Rozmiar lub skrót części się nie zgadza.")
        session["uploaded"][int(ordinal)] = content
        return 201, None

    def batch_close(self, _body, auth, ref):
        session = self.sessions.get(ref)
        if session is None or not session.get("batch") or self.access.get(auth) != session["nip"]:
            return 401, _error(21301, "Brak autoryzacji.")
        if not session["open"]:
            return 400, _error(21180, "Sesja jest zamknięta.")
        session["open"] = False
        if set(session["uploaded"]) != set(session["parts"]):
            session["status"] = _status(
                440, "Sesja anulowana", "Nie przesłano wszystkich części paczki"
            )["status"]
            return 204, None
        data = b""
        try:
            for n in sorted(session["uploaded"]):
                decryptor = Cipher(
                    algorithms.AES(session["key"]), modes.CBC(session["iv"])
                ).decryptor()
                unpadder = padding.PKCS7(128).unpadder()
                plain = decryptor.update(session["uploaded"][n]) + decryptor.finalize()
                data += unpadder.update(plain) + unpadder.finalize()
        except ValueError:
            session["status"] = _status(435, "Błąd odszyfrowania części sesji")["status"]
            return 204, None
        if (len(data), _sha(data)) != session["zip"]:
            session["status"] = _status(405, "Błąd weryfikacji paczki", "Skrót paczki")["status"]
            return 204, None
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                files = [archive.read(name) for name in archive.namelist()]
        except zipfile.BadZipFile:
            session["status"] = _status(430, "Błąd dekompresji archiwum")["status"]
            return 204, None
        passed = 0
        for xml in files:
            session["count"] += 1
            invoice_hash = _sha(xml)
            record = {
                "referenceNumber": f"{_day()}-EE-{secrets.token_hex(5).upper()}",
                "ordinalNumber": session["count"],
                "invoiceHash": invoice_hash,
                "invoicingDate": _now().isoformat(),
                "session": ref,
                "offline": session["offline"],
                **self._judge(xml, session["nip"], invoice_hash),
            }
            passed += record["status"]["code"] == 200
            self.invoices[record["referenceNumber"]] = record
        session["status"] = (
            _status(200, "Sesja przetworzona pomyślnie")
            if passed
            else _status(445, "Błąd weryfikacji, brak poprawnych faktur")
        )["status"]
        return 204, None

    def session_status(self, _body, auth, ref):
        session = self.sessions.get(ref)
        if session is None or self.access.get(auth) != session["nip"]:
            return 401, _error(21301, "Brak autoryzacji.")
        records = [r for r in self.invoices.values() if r["session"] == ref]
        ok = sum(r["status"]["code"] == 200 for r in records)
        return 200, {
            "status": session.get("status") or _status(100, "Sesja otwarta")["status"],
            "invoiceCount": len(records),
            "successfulInvoiceCount": ok,
            "failedInvoiceCount": len(records) - ok,
        }

    def session_invoices(self, _body, auth, ref, continuation=""):
        session = self.sessions.get(ref)
        if session is None or self.access.get(auth) != session["nip"]:
            return 401, _error(21301, "Brak autoryzacji.")
        records = sorted(
            (r for r in self.invoices.values() if r["session"] == ref),
            key=lambda r: r["ordinalNumber"],
        )
        start = int(continuation or 0)
        page = records[start : start + self.page_size]
        following = start + self.page_size
        return 200, {
            "invoices": [
                {k: v for k, v in r.items() if k not in ("session", "offline")} for r in page
            ],
            "continuationToken": str(following) if following < len(records) else None,
        }

    def session_close(self, _body, auth, ref):
        session = self.sessions.get(ref)
        if session is None or self.access.get(auth) != session["nip"]:
            return 401, _error(21301, "Brak autoryzacji.")
        session["open"] = False
        return 204, None


def _sha(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def _later(minutes: int) -> str:
    return (_now() + dt.timedelta(minutes=minutes)).isoformat()


def _error(code: int, description: str) -> dict:
    return {
        "exception": {
            "exceptionDetailList": [{"exceptionCode": code, "exceptionDescription": description}],
            "referenceNumber": str(uuid.uuid4()),
            "timestamp": _now().isoformat(),
        }
    }


def _status(code: int, description: str, *details: str) -> dict:
    return {"status": {"code": code, "description": description, "details": list(details)}}


ROUTES = [
    ("GET", r"/v2/security/public-key-certificates", "public_keys"),
    ("POST", r"/v2/auth/challenge", "challenge"),
    ("POST", r"/v2/auth/ksef-token", "ksef_token"),
    ("POST", r"/v2/auth/xades-signature", "xades_signature"),
    ("POST", r"/v2/auth/token/redeem", "redeem"),
    ("GET", r"/v2/auth/([\w-]+)", "auth_status"),
    ("POST", r"/v2/sessions/online", "session_open"),
    ("POST", r"/v2/sessions/batch", "batch_open"),
    ("POST", r"/v2/sessions/batch/([\w-]+)/close", "batch_close"),
    ("PUT", r"/upload/([\w-]+)/(\d+)", "part_upload"),
    ("GET", r"/v2/sessions/([\w-]+)", "session_status"),
    ("GET", r"/v2/sessions/([\w-]+)/invoices", "session_invoices"),
    ("POST", r"/v2/sessions/online/([\w-]+)/invoices", "invoice_send"),
    ("POST", r"/v2/sessions/online/([\w-]+)/close", "session_close"),
    ("GET", r"/v2/sessions/([\w-]+)/invoices/ksef/([\w-]+)/upo", "upo"),
    ("GET", r"/v2/sessions/([\w-]+)/invoices/([\w-]+)", "invoice_status"),
]


class _Handler(BaseHTTPRequestHandler):
    fake: FakeKsef

    def log_message(self, *args) -> None:  # quiet
        return

    def _handle(self, method: str) -> None:
        fake = self.fake
        fake.requests.append((method, self.path))
        if not fake.available:
            return self._send(503, {"status": 503, "detail": "Service Unavailable"})
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            if "json" in (self.headers.get("Content-Type") or "application/json"):
                body = json.loads(raw) if raw else {}
            else:
                body = raw  # XML (a signed AuthTokenRequest) or a batch part
        except ValueError:
            return self._send(400, _error(21405, "Nieprawidłowy JSON."))
        auth = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        for route_method, pattern, name in ROUTES:
            match = re.fullmatch(pattern, self.path.split("?")[0])
            if route_method == method and match:
                groups = match.groups()
                if name == "session_invoices":
                    groups = (*groups, self.headers.get("x-continuation-token") or "")
                status, payload = getattr(fake, name)(body, auth, *groups)
                return self._send(status, payload)
        return self._send(404, _error(21404, "Nie znaleziono."))

    def _send(self, status: int, payload) -> None:
        if isinstance(payload, bytes):
            data, content_type = payload, "application/xml"
        else:
            data = b"" if payload is None else json.dumps(payload).encode()
            content_type = "application/json"
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", str(self.fake.retry_after))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")


def fake_ksef_start(host: str = "127.0.0.1", port: int = 0) -> tuple[ThreadingHTTPServer, FakeKsef]:
    fake = FakeKsef()
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer((host, port), handler)
    fake.base_url = f"http://{host}:{server.server_address[1]}"
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, fake
