"""A small, stateful fake of Stripe's API on loopback, for tests and development.

Covers what Vireo calls: customers, Checkout sessions, subscriptions (retrieve, update) and
Customer Portal sessions, answering in the shapes of the current API version (period ends
on the subscription items). Its hosted pages (/checkout/<id>, /portal/<id>) stand in for
Stripe's: paying completes the session, creates the subscription and, when a webhook URL and
secret are set, delivers a signed `checkout.session.completed` event, as Stripe would.
localstripe was considered; it has no Customer Portal and would bring aiohttp along.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import secrets
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

PERIOD = {"month": 30 * 86400, "year": 365 * 86400}


def webhook_signature_header(payload: str, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header Stripe would send for `payload`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def _nested(pairs: list[tuple[str, str]]) -> dict:
    """Stripe's form encoding (line_items[0][price]=x) back into dicts and lists."""
    root: dict = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def listify(node):
        if isinstance(node, dict):
            node = {k: listify(v) for k, v in node.items()}
            if node and all(k.isdigit() for k in node):
                return [node[k] for k in sorted(node, key=int)]
        return node

    return listify(root)


class FakeStripe:
    """State of the fake, and the knobs tests turn (subscription status, events)."""

    def __init__(self, api_key: str = "", webhook_url: str = "", webhook_secret: str = ""):
        self.api_key = api_key
        self.webhook_url, self.webhook_secret = webhook_url, webhook_secret
        self.base_url = ""
        self.objects: dict[str, dict] = {}
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        # Stripe's Idempotency-Key: a POST repeated with the same key gets the first answer
        self.idempotent: dict[str, dict] = {}

    def _id(self, prefix: str) -> str:
        return f"{prefix}_{secrets.token_hex(8)}"

    def _store(self, obj: dict) -> dict:
        with self.lock:
            self.objects[obj["id"]] = obj
        return obj

    def get(self, object_id: str) -> dict | None:
        return self.objects.get(object_id)

    # API resources -----------------------------------------------------------------------
    def customer_create(self, params: dict) -> dict:
        return self._store(
            {
                "id": self._id("cus"),
                "object": "customer",
                "email": params.get("email"),
                "name": params.get("name"),
                "metadata": params.get("metadata", {}),
                "created": int(time.time()),
            }
        )

    def checkout_session_create(self, params: dict) -> dict:
        session_id = self._id("cs_test")
        return self._store(
            {
                "id": session_id,
                "object": "checkout.session",
                "mode": params.get("mode"),
                "customer": params.get("customer"),
                "client_reference_id": params.get("client_reference_id"),
                "metadata": params.get("metadata", {}),
                "subscription_metadata": params.get("subscription_data", {}).get("metadata", {}),
                "subscription_trial_end": params.get("subscription_data", {}).get("trial_end"),
                "line_items_params": params.get("line_items", []),
                "success_url": params.get("success_url"),
                "cancel_url": params.get("cancel_url"),
                "status": "open",
                "payment_status": "unpaid",
                "subscription": None,
                "url": f"{self.base_url}/checkout/{session_id}",
            }
        )

    def portal_session_create(self, params: dict) -> dict:
        session_id = self._id("bps")
        return self._store(
            {
                "id": session_id,
                "object": "billing_portal.session",
                "customer": params.get("customer"),
                "return_url": params.get("return_url"),
                "url": f"{self.base_url}/portal/{session_id}",
            }
        )

    def subscription_create(
        self,
        *,
        customer: str,
        price: str,
        interval: str = "month",
        metadata=None,
        trial_end: int | None = None,
    ) -> dict:
        """Active at once, or trialing until `trial_end` (its first period starts then)."""
        now = int(time.time())
        start = trial_end or now
        sub_id = self._id("sub")
        return self._store(
            {
                "id": sub_id,
                "object": "subscription",
                "customer": customer,
                "status": "trialing" if trial_end else "active",
                "cancel_at_period_end": False,
                "canceled_at": None,
                "trial_end": trial_end,
                "created": now,
                "metadata": metadata or {},
                "items": {
                    "object": "list",
                    "data": [
                        {
                            "id": self._id("si"),
                            "object": "subscription_item",
                            "price": {
                                "id": price,
                                "object": "price",
                                "recurring": {"interval": interval},
                            },
                            "current_period_start": now,
                            "current_period_end": start + PERIOD[interval],
                        }
                    ],
                },
            }
        )

    def invoice_create(self, *, subscription: dict, status: str = "open") -> dict:
        """An invoice of the subscription (2025+ API shape: the subscription under `parent`);
        `status` open (unpaid), paid, void or uncollectible."""
        return self._store(
            {
                "id": self._id("in"),
                "object": "invoice",
                "customer": subscription["customer"],
                "status": status,
                "parent": {"subscription_details": {"subscription": subscription["id"]}},
                "created": int(time.time()),
            }
        )

    def invoice_set(self, invoice_id: str, **changes) -> dict:
        with self.lock:
            self.objects[invoice_id].update(changes)
        return self.objects[invoice_id]

    def subscription_set(self, sub_id: str, **changes) -> dict:
        with self.lock:
            self.objects[sub_id].update(changes)
        return self.objects[sub_id]

    def checkout_complete(self, session_id: str, interval: str = "month") -> dict:
        """What paying on Stripe's Checkout page does."""
        session = self.objects[session_id]
        price = session["line_items_params"][0]["price"]
        sub = self.subscription_create(
            customer=session["customer"],
            price=price,
            interval=interval,
            metadata=session["subscription_metadata"],
            trial_end=int(session["subscription_trial_end"] or 0) or None,
        )
        session.update(status="complete", payment_status="paid", subscription=sub["id"])
        return sub

    def event(self, type_: str, obj: dict) -> dict:
        return {
            "id": self._id("evt"),
            "object": "event",
            "type": type_,
            "created": int(time.time()),
            "api_version": "2026-10-28.endive",
            "livemode": False,
            "data": {"object": obj},
        }

    def webhook_deliver(self, event: dict) -> int | None:
        if not (self.webhook_url and self.webhook_secret):
            return None
        payload = json.dumps(event)
        request = urllib.request.Request(
            self.webhook_url,
            data=payload.encode(),
            headers={
                "Content-Type": "application/json",
                "Stripe-Signature": webhook_signature_header(payload, self.webhook_secret),
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status


class _Handler(BaseHTTPRequestHandler):
    fake: FakeStripe

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: str, content_type: str = "application/json") -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, obj: dict) -> None:
        self._send(status, json.dumps(obj))

    def _error(self, status: int, message: str) -> None:
        self._json(status, {"error": {"type": "invalid_request_error", "message": message}})

    def _params(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        query = urlsplit(self.path).query
        return _nested(parse_qsl(body, keep_blank_values=True) + parse_qsl(query))

    def _authorised(self) -> bool:
        expected = self.fake.api_key
        return not expected or self.headers.get("Authorization") == f"Bearer {expected}"

    def _route(self, method: str) -> None:
        path = urlsplit(self.path).path.rstrip("/")
        self.fake.requests.append((method, path))
        parts = path.strip("/").split("/")
        if parts[0] in ("checkout", "portal") and len(parts) == 2:
            return self._hosted_page(method, parts[0], parts[1])
        if parts[0] != "v1":
            return self._error(404, "Unrecognized request URL")
        if not self._authorised():
            return self._error(401, "Invalid API Key provided")
        params = self._params()
        resource = "/".join(parts[1:])
        fake = self.fake
        key = self.headers.get("Idempotency-Key") if method == "POST" else None
        if key and key in fake.idempotent:
            return self._json(200, fake.idempotent[key])
        if method == "POST" and resource == "customers":
            return self._json(200, fake.customer_create(params))
        if method == "POST" and resource == "checkout/sessions":
            session = fake.checkout_session_create(params)
            if key:
                fake.idempotent[key] = session
            return self._json(200, session)
        if method == "POST" and resource == "billing_portal/sessions":
            return self._json(200, fake.portal_session_create(params))
        object_id = parts[-1]
        obj = fake.get(object_id)
        if obj is None:
            return self._error(404, f"No such object: '{object_id}'")
        if method == "POST" and parts[1] == "subscriptions":
            allowed = {k: v for k, v in params.items() if k in ("cancel_at_period_end",)}
            if "cancel_at_period_end" in allowed:
                allowed["cancel_at_period_end"] = allowed["cancel_at_period_end"] == "true"
            return self._json(200, fake.subscription_set(object_id, **allowed))
        return self._json(200, obj)

    def _hosted_page(self, method: str, kind: str, object_id: str) -> None:
        obj = self.fake.get(object_id)
        if obj is None:
            return self._send(404, "Not found", "text/plain")
        if kind == "checkout":
            if method == "POST":
                self.fake.checkout_complete(object_id)
                self.fake.webhook_deliver(self.fake.event("checkout.session.completed", obj))
                target = obj["success_url"].replace("{CHECKOUT_SESSION_ID}", object_id)
                self.send_response(303)
                self.send_header("Location", target)
                self.end_headers()
                return None
            price = html.escape(obj["line_items_params"][0]["price"])
            body = (
                "<!doctype html><title>Fake Stripe Checkout</title>"
                f"<h1>Fake Stripe Checkout</h1><p>Price: {price}</p>"
                '<form method="post"><button type="submit" id="pay">Pay (test)</button></form>'
                f'<p><a href="{html.escape(obj["cancel_url"])}">Cancel</a></p>'
            )
            return self._send(200, body, "text/html")
        body = (
            "<!doctype html><title>Fake Stripe Customer Portal</title>"
            "<h1>Fake Stripe Customer Portal</h1>"
            f'<p><a href="{html.escape(obj["return_url"])}">Return</a></p>'
        )
        return self._send(200, body, "text/html")

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def do_DELETE(self):
        self._route("DELETE")


def fake_stripe_start(host: str, port: int, **kwargs) -> tuple[ThreadingHTTPServer, FakeStripe]:
    """Serve the fake in a daemon thread; `server.shutdown()` stops it."""
    fake = FakeStripe(**kwargs)
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer((host, port), handler)
    fake.base_url = f"http://{host}:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, fake
