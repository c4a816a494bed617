"""Our template of charter principles, read from ``template.yaml`` beside this module."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from assessments.charters.rules import EXPECTATIONS, Link

TEMPLATE_FILE = Path(__file__).with_name("template.yaml")


@dataclass(frozen=True)
class TemplatePrinciple:
    key: str
    title: str
    text: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Template:
    version: int
    principles: tuple[TemplatePrinciple, ...]

    @property
    def by_key(self) -> dict[str, TemplatePrinciple]:
        return {p.key: p for p in self.principles}

    def links_of(self, key: str) -> tuple[Link, ...]:
        found = self.by_key.get(key)
        return found.links if found else ()


@cache
def charter_template() -> Template:
    data = yaml.safe_load(TEMPLATE_FILE.read_text(encoding="utf-8"))
    principles = []
    for item in data["principles"]:
        links = tuple(Link(x["statement"], x["expect"]) for x in item.get("links", ()))
        if any(link.expect not in EXPECTATIONS for link in links):
            raise ValueError(f"{item['key']}: expect must be one of {EXPECTATIONS}")
        principles.append(
            TemplatePrinciple(item["key"], item["title"].strip(), item["text"].strip(), links)
        )
    return Template(int(data["version"]), tuple(principles))
