"""The consultant's executive summary: Markdown in, safe HTML out (pure, no database).

Two fences. Markdown never passes raw HTML through (it is shown as text), and whatever it
makes is cleaned by nh3 with a small allow-list: paragraphs, headings, lists, emphasis,
quotes, code, tables and links to http, https or mailto addresses (opened with
``rel="noopener noreferrer"``). No scripts, styles, event handlers or images.
Headings nest under the page's own "Executive summary" heading (an h2): the first is an h3,
and each one after is at most one level below the heading it sits under, so however the
consultant numbered them (a lone `##`, a `#` then a `###`) no level is skipped.

The parser is markdown-it-py (CommonMark), whose time grows in step with the text: the
previous one took 12 seconds on 400 links, a way to stall the site from a sign-up. The text
is also cut at ``MAX_SUMMARY_LENGTH`` (the form refuses more), so the worst case is bounded.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

MAX_SUMMARY_LENGTH = 20_000

TAGS = {
    "p",
    "br",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
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
# Where the summary is shown (the report, its PDF, the preview) it sits under an h2.
TOP_HEADING = 3


# CommonMark, raw HTML off (shown as text), with tables.
_MD = MarkdownIt("commonmark", {"html": False}).enable("table")


def _allowed(href: str) -> bool:
    scheme, _, rest = href.partition(":")
    return scheme.lower() in URL_SCHEMES and bool(rest.strip("/"))


def _tidy_inline(children: list[Token]) -> list[Token]:
    """Links nh3 would refuse keep their words and lose the link; images become their alt."""
    kept: list[Token] = []
    dropped_links = 0
    for token in children:
        if token.type == "link_open" and not _allowed(str(token.attrGet("href") or "")):
            dropped_links += 1
            continue
        if token.type == "link_close" and dropped_links:
            dropped_links -= 1
            continue
        if token.type == "image":
            text = Token("text", "", 0)
            text.content = token.content
            kept.append(text)
            continue
        kept.append(token)
    return kept


def heading_levels(written: list[int]) -> list[int]:
    """The level each heading is shown at, from the levels it was written at (pure).

    A heading sits under the nearest earlier one written at a higher level (a lower number)
    and is shown one level below it; one under none is shown at ``TOP_HEADING``. So the
    first is always ``TOP_HEADING`` and none is ever more than one below the one before it.
    """
    shown: list[int] = []
    above: list[tuple[int, int]] = []  # (written, shown) of the headings still open
    for level in written:
        while above and above[-1][0] >= level:
            above.pop()
        here = min(above[-1][1] + 1 if above else TOP_HEADING, 6)
        above.append((level, here))
        shown.append(here)
    return shown


def _tidy(tokens: list[Token]) -> list[Token]:
    """Headings nested under the page's; table headers scoped; links and images as above."""
    opens = [t for t in tokens if t.type == "heading_open"]
    levels = iter(heading_levels([int(t.tag[1]) for t in opens]))
    tag = ""
    for token in tokens:
        if token.type == "heading_open":
            tag = token.tag = f"h{next(levels)}"
        elif token.type == "heading_close":
            token.tag = tag
        elif token.type == "th_open":
            token.attrSet("scope", "col")
        elif token.type == "inline" and token.children:
            token.children = _tidy_inline(token.children)
    return tokens


def render_summary(text: str) -> str:
    """The summary as sanitised HTML (an empty string for an empty summary)."""
    if not text.strip():
        return ""
    tokens = _tidy(_MD.parse(text[:MAX_SUMMARY_LENGTH]))
    converted = _MD.renderer.render(tokens, _MD.options, {})
    return nh3.clean(
        converted,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative="deny",
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
