"""Who may reach an assessment round, and what a secret link opens.

Signed-in people reach a round through their organisation (see
``assessments.organisations.access``); respondents reach it through a link, with no
account: a link that is unknown, withdrawn, not open yet or closed is refused with
a reason the page can explain.
"""

from __future__ import annotations

from enum import Enum

from django.contrib.auth.hashers import check_password
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from assessments.organisations.access import OrgAccess
from assessments.organisations.models import Team
from assessments.rounds.models import Assessment, Invitation, Respondent
from assessments.tokens import digests_match, token_digest


def _rounds(access: OrgAccess) -> QuerySet[Assessment]:
    return (
        Assessment.objects.select_related("framework_version__framework")
        .prefetch_related(Prefetch("teams", Team.objects.select_related("department")))
        .filter(organisation=access.organisation)
    )


def assessment_in(access: OrgAccess, pk: int) -> Assessment:
    """A round of the organisation, for anyone in it (what they see depends on the page)."""
    return get_object_or_404(_rounds(access), pk=pk)


def can_manage(access: OrgAccess, assessment: Assessment) -> bool:
    """Managers run every round; a team lead runs rounds of their own team only."""
    return access.is_manager or access.can_lead_only({t.pk for t in assessment.teams.all()})


def assessment_for_manager(access: OrgAccess, pk: int) -> Assessment:
    assessment = assessment_in(access, pk)
    if not can_manage(access, assessment):
        raise PermissionDenied("Only the round's team lead or an organisation admin can do this.")
    return assessment


def require_can_create(access: OrgAccess) -> None:
    if not access.can_create_assessments:
        raise PermissionDenied("Only team leads and organisation admins can start an assessment.")


# --- links without an account ---------------------------------------------------------------


class LinkProblem(Enum):
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    NOT_OPEN = "not_open"
    CLOSED = "closed"


class LinkRefused(Exception):
    def __init__(self, problem: LinkProblem, assessment: Assessment | None = None) -> None:
        self.problem = problem
        self.assessment = assessment
        super().__init__(problem.value)


def assessment_state(assessment: Assessment) -> str:
    if assessment.closed_at is not None:
        return "closed"
    if timezone.now() < assessment.opens_at:
        return "not_open"
    return "open"


def _check_open(assessment: Assessment, *, allow_closed: bool = False) -> None:
    state = assessment_state(assessment)
    if state == "not_open":
        raise LinkRefused(LinkProblem.NOT_OPEN, assessment)
    if state == "closed" and not allow_closed:
        raise LinkRefused(LinkProblem.CLOSED, assessment)


_INVITATION_JOINS = ("assessment__organisation", "assessment__framework_version", "team")


def invitation_from_token(token: str, kind: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related(*_INVITATION_JOINS)
        .filter(token_hash=token_digest(token), kind=kind)
        .first()
    )
    if invitation is None or not digests_match(invitation.token_hash, token):
        raise LinkRefused(LinkProblem.UNKNOWN)
    if invitation.revoked_at is not None:
        raise LinkRefused(LinkProblem.REVOKED, invitation.assessment)
    _check_open(invitation.assessment)
    return invitation


def check_respondent_link(
    respondent: Respondent, token: str, *, allow_closed: bool = False
) -> None:
    """Refuse (LinkRefused) a link that is not the respondent's, is withdrawn, or whose round
    is not open (or closed, unless ``allow_closed``)."""
    if not digests_match(respondent.token_hash, token):
        raise LinkRefused(LinkProblem.UNKNOWN)
    if respondent.invitation.revoked_at is not None:
        raise LinkRefused(LinkProblem.REVOKED, respondent.invitation.assessment)
    _check_open(respondent.invitation.assessment, allow_closed=allow_closed)


def respondent_from_token(token: str, *, allow_closed: bool = False) -> Respondent | Invitation:
    """Whoever a link belongs to: their respondent, or a personal invitation not used yet.

    A lookup never writes: the first use of a personal link is recorded by the
    service ``respondent_for_personal_link``.
    """
    respondent = (
        Respondent.objects.select_related(
            "invitation", *(f"invitation__{j}" for j in _INVITATION_JOINS)
        )
        .filter(token_hash=token_digest(token))
        .first()
    )
    if respondent is not None and digests_match(respondent.token_hash, token):
        check_respondent_link(respondent, token, allow_closed=allow_closed)
        return respondent
    return invitation_from_token(token, Invitation.Kind.PERSONAL)


def access_code_ok(invitation: Invitation, code: str) -> bool:
    if not invitation.access_code_hash:
        return True
    return check_password(code.strip(), invitation.access_code_hash)
