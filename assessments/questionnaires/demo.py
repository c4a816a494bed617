"""The demo's adapted questionnaire: Kestrel's draft of the newest shared version, with one
statement put in the client's own words and one added about its brokers."""

from __future__ import annotations

from assessments.organisations.models import Organisation
from assessments.questionnaires import services
from frameworks.models import FrameworkVersion

SUFFIX = "-kestrel"  # after the label of the version it adapts: 1.2-kestrel
REWORDED = (
    "people-roles-organisation",
    "Each product has a product owner who has been trained for the role.",
)
ADDED = (
    "market-customer-insight",
    "managed",
    "Product teams hear from brokers at least once a month, not only through sales.",
)


def demo_adapted(client: Organisation, version: FrameworkVersion) -> FrameworkVersion | None:
    """A draft for Kestrel, not yet published. Idempotent: made once."""
    label = f"{version.label}{SUFFIX}"
    if version.forks.filter(label=label).exists():
        return None
    draft = services.questionnaire_fork(base=version, label=label, organisation=client)
    enabler_key, text = REWORDED
    statement = draft.statement_set.filter(enabler__key=enabler_key).order_by("order").first()
    if statement is not None:
        services.statement_update(statement=statement, level=statement.level, text=text)
    enabler_key, level_key, text = ADDED
    enabler = draft.enabler_set.filter(key=enabler_key).first()
    level = draft.level_set.filter(key=level_key).first()
    if enabler is not None and level is not None:  # the shipped content has both
        services.statement_add(enabler=enabler, level=level, text=text)
    return draft
