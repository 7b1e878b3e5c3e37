"""Read form controls out of rendered HTML, for tests that check what a browser would get."""

from __future__ import annotations

import re
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


# What a browser keeps of a value it cannot hold in the control (HTML's value sanitization):
# a date or moment not written as yyyy-mm-dd(Thh:mm) becomes an empty field.
_SANITIZED = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "month": re.compile(r"\d{4}-\d{2}"),
}


class _FormData(HTMLParser):
    """The fields a browser sends from the first form whose attributes include `wanted`."""

    def __init__(self, wanted: dict):
        super().__init__(convert_charrefs=True)
        self.wanted, self.state = wanted, "before"
        self.data: list[tuple[str, str]] = []
        self._select: dict | None = None
        self._textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: ("" if v is None else v) for k, v in attrs}
        if tag == "form" and self.state == "before":
            if all(attrs.get(name) == value for name, value in self.wanted.items()):
                self.state = "in"
            return
        if self.state != "in" or "disabled" in attrs or not attrs.get("name"):
            if tag == "option" and self._select is not None:
                self._option(attrs)
            return
        name, kind = attrs["name"], attrs.get("type", "text").lower()
        if tag == "input":
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
                return
            value = attrs.get("value", "")
            pattern = _SANITIZED.get(kind)
            if pattern is not None and not pattern.fullmatch(value):
                value = ""
            self.data.append((name, value))
        elif tag == "select":
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "textarea":
            self._textarea = [name, ""]

    def _option(self, attrs):
        self._select["options"].append((attrs.get("value"), "selected" in attrs, []))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._select is not None and self._select["options"]:
            self._select["options"][-1][2].append(data)

    def handle_endtag(self, tag):
        if self.state != "in":
            return
        if tag == "form":
            self.state = "after"
        elif tag == "textarea" and self._textarea is not None:
            self.data.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            options = [
                (value if value is not None else "".join(text).strip(), selected)
                for value, selected, text in self._select["options"]
            ]
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self._select["multiple"]:
                chosen = [options[0][0]]  # a single select sends its first option
            self.data += [(self._select["name"], value) for value in chosen]
            self._select = None


def form_data(html: str, **form_attrs: str) -> dict[str, str | list[str]]:
    """What a browser sends when the form is submitted as shown (the first form whose
    attributes include `form_attrs`; underscores in names become hyphens): checked boxes
    only, each select's chosen options, and each value as the browser keeps it (a date not
    written yyyy-mm-dd is sent empty). A name sent more than once gives a list."""
    parser = _FormData({name.replace("_", "-"): value for name, value in form_attrs.items()})
    parser.feed(html)
    assert parser.state != "before", f"no form with {form_attrs}"
    data: dict[str, str | list[str]] = {}
    for name, value in parser.data:
        if name in data:
            data[name] = [*([data[name]] if isinstance(data[name], str) else data[name]), value]
        else:
            data[name] = value
    return data
