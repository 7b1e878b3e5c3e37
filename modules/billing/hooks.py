"""What other modules may plug into billing.

A module whose usage is recorded late (the helpdesk's work log: when a request is accepted
or when the month closes, whichever first) registers, in its ready(), what to do before a
client's month is frozen:

    from modules.billing.hooks import PeriodCloseHook, period_close_hook_register
    period_close_hook_register(PeriodCloseHook(pending=..., record=...))

- `pending(period) -> set[int]`: the clients with usage still to record up to the month's
  end (they are closed by "close every client" even with nothing else to bill);
- `record(client_ids, period, actor)`: record that usage now (through `usage_record`).

`period_close` and `period_close_all` call `record` inside their transaction, after the
clients' rows are locked and before the month is computed, so what it records is part of
the frozen figures; an error rolls the close back. Billing never imports the provider.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodCloseHook:
    pending: Callable[[dt.date], set[int]]
    record: Callable[[list[int], dt.date, object], None]


_hooks: list[PeriodCloseHook] = []


def period_close_hook_register(hook: PeriodCloseHook) -> None:
    if hook not in _hooks:
        _hooks.append(hook)


def period_close_pending(period: dt.date) -> set[int]:
    ids: set[int] = set()
    for hook in _hooks:
        ids |= hook.pending(period)
    return ids


def period_close_record(client_ids: list[int], period: dt.date, actor) -> None:
    if not client_ids:
        return
    for hook in _hooks:
        hook.record(client_ids, period, actor)


# Reopening a closed month (`services.period_reopen`) undoes its freeze; a module that made
# something from the frozen figures (invoices: a draft or an invoice per client and month)
# registers, in its ready(), a guard that names why the month must stay closed:
#     period_reopen_guard_register(guard)   # guard(client_id, period) -> str | None
# The guard runs inside the reopen's transaction, after the client's row lock.
_reopen_guards: list[Callable[[int, dt.date], str | None]] = []


def period_reopen_guard_register(guard: Callable[[int, dt.date], str | None]) -> None:
    if guard not in _reopen_guards:
        _reopen_guards.append(guard)


def period_reopen_refusal(client_id: int, period: dt.date) -> str | None:
    """The first reason a guard gives to keep the client's month closed, else None."""
    for guard in _reopen_guards:
        reason = guard(client_id, period)
        if reason:
            return reason
    return None


# How a client's invoices treat the VAT a summary computes: the invoices module knows that
# a client with an EU VAT number in another EU country is invoiced with reverse charge
# (no VAT, "np."), so its settlement's 23 % never reaches the invoice. It registers, in its
# ready(), a note the summary pages show above the lines (the audit: Poľana Služby's
# settlement said 656,82 zł gross and its invoice 534,00 zł, without a word why):
#     client_vat_note_register(note)   # note(client_id) -> str | None
_vat_notes: list[Callable[[int], str | None]] = []


def client_vat_note_register(note: Callable[[int], str | None]) -> None:
    if note not in _vat_notes:
        _vat_notes.append(note)


def client_vat_note(client_id: int) -> str | None:
    """The first note a module gives on how the client's VAT is invoiced, else None."""
    for note in _vat_notes:
        text = note(client_id)
        if text:
            return text
    return None


# Who is invoiced without VAT: the invoices module decides reverse charge (EU B2B: a client
# in another EU country with an EU VAT number) and registers, in its ready(), the rule as a
# set-based read, so a settlement charges the VAT its invoice charges (one owner of the
# rule): such a client's lines carry vat.REVERSE_CHARGE ("np", no VAT) on the month page,
# the office list's totals (summary_rows), the export, the API and the figures frozen at
# close (until 2026-12-07 they carried the services' 23 % and only a note said why).
#     reverse_charge_rule_register(rule)   # rule(client_ids or None) -> set of client ids
_reverse_charge_rules: list[Callable[[list[int] | None], set[int]]] = []


def reverse_charge_rule_register(rule: Callable[[list[int] | None], set[int]]) -> None:
    if rule not in _reverse_charge_rules:
        _reverse_charge_rules.append(rule)


def reverse_charged(client_ids: list[int] | None) -> set[int]:
    """The clients (of `client_ids`, None: every client) invoiced with reverse charge."""
    ids: set[int] = set()
    for rule in _reverse_charge_rules:
        ids |= rule(client_ids)
    return ids
