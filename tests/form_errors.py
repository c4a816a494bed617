"""Forms in their error state, found and checked by reading the HTML (no browser).

`post_forms_empty` finds every form that posts on a page and sends it back with its visible
fields empty, as someone who pressed the button without filling anything in would;
`error_markup_problems` reads a page for error messages that are not tied to their fields.
The accessibility crawl (tests/test_accessibility.py) sends the pages these make through axe
and the Nu checker too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
CONTROLS = {"input", "select", "textarea"}
MESSAGE_CLASSES = {"invalid-feedback", "errorlist"}


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        for child in self.children:
            yield child
            yield from child.walk()

    def words(self) -> str:
        return " ".join(
            " ".join(part.split()) for n in [self, *self.walk()] for part in n.text
        ).strip()

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def ancestor(self, tag: str) -> Node | None:
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.open = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.open)
        self.open.children.append(node)
        if tag not in VOID:
            self.open = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.open
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.open = node.parent

    def handle_data(self, data: str) -> None:
        self.open.text.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def _by_id(root: Node) -> dict[str, Node]:
    return {n.attrs["id"]: n for n in root.walk() if "id" in n.attrs}


def _is_message(node: Node) -> bool:
    return bool(node.classes() & MESSAGE_CLASSES) and "nonfield" not in node.classes()


def _refs(node: Node) -> list[str]:
    return node.attrs.get("aria-describedby", "").split()


def _described_by(control: Node) -> list[str]:
    """The ids describing a control: its own, or its group's (a radio group's fieldset)."""
    own = control.attrs.get("aria-describedby", "").split()
    group = control.ancestor("fieldset")
    return own + (group.attrs.get("aria-describedby", "").split() if group else [])


def error_markup_problems(html: str) -> list[str]:
    """What keeps a screen-reader user from hearing a field's error with the field."""
    root = parse(html)
    ids = _by_id(root)
    problems = []
    for node in root.walk():
        for ref in node.attrs.get("aria-describedby", "").split():
            if ref not in ids:
                problems.append(f"<{node.tag} id={node.attrs.get('id')!r}> names a missing #{ref}")
    invalid = [
        n for n in root.walk() if n.tag in CONTROLS and n.attrs.get("aria-invalid") == "true"
    ]
    for control in invalid:
        refs = [ids[r] for r in _described_by(control) if r in ids]
        if not any(_is_message(r) and r.words() for r in refs):
            problems.append(f"invalid {control.attrs.get('name')!r} is not described by its error")
    for message in (n for n in root.walk() if _is_message(n) and n.words()):
        by = [n for n in root.walk() if message.attrs.get("id") in _refs(n)]
        if not by:
            problems.append(f"message {message.words()!r} describes nothing")
        elif all(n.tag in CONTROLS for n in by) and not any(n in invalid for n in by):
            problems.append(f"message {message.words()!r} describes a field not marked invalid")
    for link in (n for n in root.walk() if n.tag == "a"):
        summary = link.parent
        while summary is not None and "data-error-summary" not in summary.attrs:
            summary = summary.parent
        href = link.attrs.get("href", "")
        if summary is not None and href.startswith("#") and href[1:] not in ids:
            problems.append(f"the error summary's link {link.words()!r} goes to {href!r}")
    return problems


@dataclass(frozen=True)
class FormPost:
    action: str  # the path (and query) it posts to
    fields: tuple[str, ...]  # the names of the fields left empty
    data: dict[str, str]


def empty_posts(html: str, page: str) -> list[FormPost]:
    """Each form on the page that posts something a person fills in, with that left empty."""
    posts = []
    for form in (n for n in parse(html).walk() if n.tag == "form"):
        if form.attrs.get("method", "get").lower() != "post":
            continue
        data: dict[str, str] = {}
        names: list[str] = []
        pressed = False
        for control in (n for n in form.walk() if n.tag in CONTROLS | {"button"}):
            name = control.attrs.get("name")
            default = {"input": "text", "button": "submit"}.get(control.tag, control.tag)
            kind = control.attrs.get("type", default).lower()
            if "disabled" in control.attrs or kind in ("button", "reset"):
                continue
            if kind in ("submit", "image"):
                if name and not pressed:  # the first button, as Enter in a field presses
                    data[name] = control.attrs.get("value", "")
                pressed = True
            elif name and kind == "hidden":
                data[name] = control.attrs.get("value", "")
            elif name:
                names.append(name)
                if kind not in ("checkbox", "radio", "file"):
                    data[name] = ""
        if names:
            action = urljoin(page, form.attrs.get("action") or page)
            parts = urlsplit(action)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            posts.append(FormPost(path, tuple(dict.fromkeys(names)), data))
    return posts
