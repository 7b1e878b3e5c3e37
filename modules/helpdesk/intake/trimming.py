"""Quoted text and signatures off an e-mail reply, in Polish, Slovak and English (the
libraries tried do not know "Dnia ... napisał(a):" or "... napísal(a):"). Only the client's
new text is kept: the first line that starts the quoted history ends it."""

from __future__ import annotations

import re

# A line that starts the quoted history: "On <date>, X wrote:", "Dnia <date> X napisał(a):",
# "<date> X napísal(a):", "Am ... schrieb", Outlook's separator and header block, "> " lines.
_ATTRIBUTION = re.compile(
    r"^\s*("
    r"on\b.*\bwrote:?"
    r"|dnia\b.*\bnapisa(ł|l)(\(a\)|a)?:?"
    r"|w\s+dniu\b.*\bnapisa(ł|l)(\(a\)|a)?:?"
    r"|.*\bnapisa(ł|l)(\(a\)|a)?:"
    r"|.*\bnapísal(\(a\)|a)?:"
    r"|d(ň|n)a\b.*\bnap(í|i)sal(\(a\)|a)?:?"
    r"|.*\bwrote:"
    r"|am\b.*\bschrieb.*:"
    r")\s*$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(
    r"^\s*(-{2,}\s*(original message|oryginalna wiadomość|pôvodná správa|forwarded message"
    r"|wiadomość przekazana dalej|preposlaná správa|przekazana wiadomość)\s*-{2,}"
    r"|_{10,})\s*$",
    re.IGNORECASE,
)
_ATTRIBUTION_START = re.compile(r"^\s*(on|dnia|w\s+dniu|d(ň|n)a|am|\d{1,4}[./-])\b", re.IGNORECASE)
# Outlook's reply header block: "From: ...", "Od: ...", then Sent/Wysłano/Odoslané...
_HEADER = re.compile(r"^\s*\*?(from|od|de|von)\s*:\*?\s+\S", re.IGNORECASE)
_HEADER_NEXT = re.compile(
    r"^\s*\*?(sent|date|wysłano|data|odoslané|dátum|to|do|komu|subject|temat|predmet)\s*:",
    re.IGNORECASE,
)
# Signature starts: the standard "-- " line, and phone-client footers.
_SIGNATURE = re.compile(
    r"^(--\s?|__\s?|sent from my .*|wysłane z .*|odoslané z .*|get outlook for .*)$",
    re.IGNORECASE,
)


def reply_trim(text: str) -> str:
    """The new text of an e-mail: before the quoted history and the signature."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(">"):
            break
        if _SEPARATOR.match(line) or _SIGNATURE.match(stripped):
            break
        if _ATTRIBUTION.match(line):
            break
        if _HEADER.match(line) and any(_HEADER_NEXT.match(n) for n in lines[index + 1 : index + 4]):
            break
        # A two-line attribution ("W dniu 3.12.2026 o 10:00 Jan Kowalski" / "<jan@x.pl>
        # napisał:"): the line after is the end of it.
        if (
            _ATTRIBUTION_START.match(line)
            and index + 1 < len(lines)
            and _ATTRIBUTION.match(f"{line} {lines[index + 1]}")
        ):
            break
        kept.append(line)
    result = "\n".join(kept).strip()
    return result or text.strip()
