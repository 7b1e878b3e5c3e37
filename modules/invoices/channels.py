"""E-invoice sending channels: where an issued invoice goes after it is issued, besides the
client's e-mail. KSeF (Poland) is the one channel today; a Peppol access point (Slovakia's
B2B e-invoicing from 2027) is the next one, with the UBL document ubl.py already builds and
validates. A channel is a small object registered in CHANNELS:

- `name`: its key ("ksef", later "peppol");
- `active(country, settings)`: whether the office sends its invoices through it (KSeF: a
  Polish office with KSeF switched on);
- `queue(invoice)`: inside the issuing transaction, mark the invoice as waiting for the
  channel (KSeF: `ksef_status = queued`); the channel's own fields keep its state;
- `document(invoice)`: the e-invoice it sends, built and validated (KSeF: FA(3));
- `enqueue(invoice_ids)`: after the commit, start sending (KSeF: `tasks.ksef_enqueue`, a
  batch session for a run, online for a few; retries, offline and crash safety stay in
  ksef.py / batch.py).

A Peppol channel would add: fields on the invoice for its state (like the `ksef_*` ones),
`document` = `ubl_build` + `ubl_validate`, `enqueue` = a task posting the UBL to the
office's access point (an AS4 provider's API) and storing its message ID and the
recipient's response. There is no fake access point: nothing is sent yet."""

from __future__ import annotations

from typing import Protocol

from modules.invoices.models import Invoice, InvoiceSettings
from modules.invoices.policies import ksef_available


class EInvoiceChannel(Protocol):
    name: str

    def active(self, *, country: str, settings: InvoiceSettings) -> bool: ...

    def queue(self, invoice: Invoice) -> None: ...

    def document(self, invoice: Invoice) -> bytes: ...

    def enqueue(self, invoice_ids: list[int]) -> None: ...


class KsefChannel:
    name = "ksef"

    def active(self, *, country: str, settings: InvoiceSettings) -> bool:
        return ksef_available(country) and settings.ksef_enabled

    def queue(self, invoice: Invoice) -> None:
        invoice.ksef_status = Invoice.Ksef.QUEUED

    def document(self, invoice: Invoice) -> bytes:
        from modules.invoices.fa3 import fa3_build, fa3_validate

        xml = fa3_build(invoice)
        fa3_validate(xml)
        return xml

    def enqueue(self, invoice_ids: list[int]) -> None:
        from modules.invoices.tasks import ksef_enqueue

        ksef_enqueue(invoice_ids)


CHANNELS: tuple[EInvoiceChannel, ...] = (KsefChannel(),)


def channels_active(*, country: str, settings: InvoiceSettings) -> list[EInvoiceChannel]:
    return [c for c in CHANNELS if c.active(country=country, settings=settings)]
