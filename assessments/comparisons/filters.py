"""What a comparison page is asked to show: the filters in its address."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Filters:
    department: int | None = None
    role: str = ""  # a respondent role key; empty for everyone
    show: str = ""  # one instrument (a SHOW key), or empty for all
    since: int | None = None  # the earlier round to compare with; None for the one before
    sort: str = "name"  # name, people, or an enabler key (weakest first)

    def shows(self, what: str) -> bool:
        return not self.show or self.show == what

    @property
    def any(self) -> bool:
        return bool(self.department or self.role or self.show)
