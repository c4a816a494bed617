"""The consultant's executive summary: Markdown in, safe HTML out (pure, no database).

Two fences. Markdown never passes raw HTML through (it is shown as text), and whatever it
makes is cleaned by nh3 with a small allow-list: paragraphs, headings, lists, emphasis,
quotes, code, tables and links to http, https or mailto addresses (opened with
``rel="noopener noreferrer"``). No scripts, styles, event handlers or images.
Headings start at level 3, under the report's own "Executive summary" heading.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

MAX_SUMMARY_LENGTH = 20_000

TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Markdown's h1 and h2 become h3 and h4 (deeper ones h4), so the page's headings stay in order.
HEADINGS = {"h1": "h3", "h2": "h4", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}


class _Tidy(Treeprocessor):
    """Headings under the report's own; links nh3 would refuse, and images, become text."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in HEADINGS:
                element.tag = HEADINGS[element.tag]
            elif element.tag == "th":
                element.set("scope", "col")
            elif element.tag == "a" and not _allowed(element.get("href", "")):
                _as_text(element, element.text or "")
            elif element.tag == "img":
                _as_text(element, element.get("alt", ""))


def _allowed(href: str) -> bool:
    scheme, _, rest = href.partition(":")
    return scheme.lower() in URL_SCHEMES and bool(rest.strip("/"))


def _as_text(element: etree.Element, text: str) -> None:
    """A span (which nh3 unwraps), so the words stay and the link or image goes."""
    element.tag = "span"
    element.attrib.clear()
    element.text = text


class _Safer(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Raw HTML is escaped and shown as text, never passed through.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Tidy(md), "summary_headings", 0)


def render_summary(text: str) -> str:
    """The summary as sanitised HTML (an empty string for an empty summary)."""
    if not text.strip():
        return ""
    converted = markdown.markdown(
        text[:MAX_SUMMARY_LENGTH], extensions=["tables", "sane_lists", _Safer()]
    )
    return nh3.clean(
        converted,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative="deny",
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
