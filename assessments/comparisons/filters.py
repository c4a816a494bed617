"""What a comparison page is asked to show: the filters in its address."""

from __future__ import annotations

from dataclasses import dataclass, replace


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
        """Anything that narrows or changes what the page shows (the order of rows aside)."""
        return bool(self.department or self.role or self.show or self.since)

    def cleared(self) -> Filters:
        """Every filter cleared: only the order of the rows is kept, which hides nothing."""
        return Filters(sort=self.sort)

    def query(self) -> dict[str, str]:
        """These filters as the page's address has them (``builder.filters_from`` reads them
        back): only those set, so a link carries exactly what is shown and nothing else."""
        pairs = {
            "dept": self.department,
            "role": self.role,
            "show": self.show,
            "since": self.since,
            "sort": "" if self.sort == "name" else self.sort,
        }
        return {name: str(value) for name, value in pairs.items() if value}

    def sorted_by(self, sort: str) -> Filters:
        return replace(self, sort=sort)
