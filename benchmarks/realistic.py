"""What "realistic data" means in every bench: who answers, and how often they comment.

Each bench builds its rounds with these, and names them beside each figure (``data_label``),
so a reader can tell what a number was taken on.
"""

from __future__ import annotations

import random

# Who answers, weighted: every role the app knows (Respondent.Role keys).
ROLES = {"engineer": 45, "product_manager": 14, "designer": 12, "product_owner": 8}
ROLES |= {"product_marketing": 5, "leadership": 6, "other": 10}

# One answer in ten carries a comment, as real rounds do.
COMMENT_SHARE = 0.1
COMMENTS = (
    "We do this in most quarters, not all.",
    "Depends on the team: the platform squads are ahead of us here.",
    "Leadership says yes; what we see on the ground is patchier.",
    "We started doing this last year and it already helps.",
    "Nobody owns this today, so it happens when someone has time.",
    "Customer interviews happen, but their notes rarely reach the backlog.",
)


def role(rng: random.Random) -> str:
    return rng.choices(list(ROLES), weights=list(ROLES.values()))[0]


def comment(rng: random.Random) -> str:
    """A comment on one answer in ten, otherwise none."""
    return rng.choice(COMMENTS) if rng.random() < COMMENT_SHARE else ""


def data_label(people: int) -> str:
    """E.g. "2,000 people, 10 % comments, 7 roles"."""
    return f"{people:,} people, {COMMENT_SHARE:.0%} comments, {len(ROLES)} roles".replace("%", " %")
