"""Read form controls out of rendered HTML, for tests that check what a browser would get."""

from __future__ import annotations

from html.parser import HTMLParser


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[dict] = []
        self._open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": {k: ("" if v is None else v) for k, v in attrs}, "text": ""}
        self.found.append(element)
        if tag not in ("input", "br", "img", "meta", "link", "hr"):
            self._open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index]["tag"] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data


def elements(html: str, tag: str | None = None, **attrs: str) -> list[dict]:
    """Every element of `tag` whose attributes include `attrs` (underscores in names become
    hyphens: aria_invalid="true"), as {"tag", "attrs", "text"}; text is all text inside."""
    parser = _Elements()
    parser.feed(html)
    wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
    return [
        e
        for e in parser.found
        if (tag is None or e["tag"] == tag)
        and all(e["attrs"].get(name) == value for name, value in wanted.items())
    ]


def element(html: str, tag: str | None = None, **attrs: str) -> dict:
    """The one element that matches (see elements); fails when there are none or several."""
    (found,) = elements(html, tag, **attrs)
    return found


def described_by(html: str, control: dict) -> list[str]:
    """The texts of the elements a control's aria-describedby points at, in order."""
    ids = control["attrs"].get("aria-describedby", "").split()
    return [" ".join(element(html, id=i)["text"].split()) for i in ids]
