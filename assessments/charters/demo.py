"""The demo organisation's charter: Brightwater's head of product started from our template,
edited it lightly and published it twice, so its history has two versions."""

from __future__ import annotations

from typing import Any

from assessments.charters.models import Charter
from assessments.charters.services import PrincipleIn, charter_save, template_principles
from assessments.organisations.models import Organisation

REWORDED = {
    "pm-decides-roadmap": PrincipleIn(
        "Our product managers own their roadmap",
        "They listen to sales, engineering and the leadership team, then decide, and say why "
        "in the roadmap review.",
        "pm-decides-roadmap",
    ),
}
LEFT_OUT = {"people-grow"}  # covered by Brightwater's own career framework
OUR_OWN = PrincipleIn(
    "Saying no is part of the job",
    "A product manager who declines a request explains it once, in writing, and the decision "
    "stands unless the strategy changes.",
)


def demo_charter(organisation: Organisation, author: Any) -> None:
    """Publish the demo charter once (later loads leave it as it is)."""
    if Charter.objects.filter(organisation=organisation, department=None).exists():
        return
    template = template_principles()
    charter_save(
        organisation=organisation,
        department=None,
        principles=template,
        note="First draft, straight from the template",
        user=author,
        publish=True,
    )
    edited = [REWORDED.get(p.key, p) for p in template if p.key not in LEFT_OUT]
    charter_save(
        organisation=organisation,
        department=None,
        principles=[*edited, OUR_OWN],
        note="After the leadership review: our own roadmap wording, and a principle on saying no",
        user=author,
        publish=True,
    )
