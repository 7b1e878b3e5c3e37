"""The HTML a document template may hold: an allow-list (nh3, the Ammonia sanitiser).

What the editor (Quill) writes survives: paragraphs, headings, bold/italic/underline, lists
(Quill 2 marks bullets with `data-list`), alignment and indent classes, tables, rules.
Everything else goes: scripts, styles, event handlers, links, images, iframes, `style`
attributes (no `url()` can reach the PDF renderer). The template is cleaned when it is
saved and the filled-in document again before it is printed."""

from __future__ import annotations

import nh3

TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "span", "div",
    "h1", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
QUILL_CLASSES = {
    *(f"ql-align-{side}" for side in ("center", "right", "justify")),
    *(f"ql-indent-{n}" for n in range(1, 9)),
    "ql-size-small", "ql-size-large", "ql-size-huge",
}  # fmt: skip
CLASSED = ("p", "span", "div", "h1", "h2", "h3", "h4", "li", "blockquote", "td", "th")


def html_clean(source: str) -> str:
    return nh3.clean(
        source,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes={
            "li": {"data-list"},
            "td": {"colspan", "rowspan"},
            "th": {"colspan", "rowspan"},
        },
        allowed_classes=dict.fromkeys(CLASSED, QUILL_CLASSES),
        url_schemes=set(),
        link_rel=None,
        strip_comments=True,
    )
