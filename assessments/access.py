"""Access helpers: every object is reached through the requesting user's organisations.

Anything outside them is a 404 (never a hint that it exists); inside, a role that
may not do something is a 403 with a plain explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from django.contrib.auth.hashers import check_password
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from assessments.models import Assessment, Invitation, Membership, Organisation, Respondent
from assessments.tokens import digests_match, token_digest

MANAGERS = {Membership.Role.ADMIN, Membership.Role.CONSULTANT}


@dataclass(frozen=True)
class OrgAccess:
    organisation: Organisation
    membership: Membership

    @property
    def is_manager(self) -> bool:
        """Organisation admins and consultants run everything in the organisation."""
        return self.membership.role in MANAGERS

    @property
    def can_create_assessments(self) -> bool:
        return self.is_manager or self.membership.role == Membership.Role.TEAM_LEAD

    def can_manage(self, assessment: Assessment) -> bool:
        if self.is_manager:
            return True
        if self.membership.role != Membership.Role.TEAM_LEAD or self.membership.team_id is None:
            return False
        # A team lead runs rounds that cover their own team only.
        team_ids = {t.pk for t in assessment.teams.all()}
        return team_ids == {self.membership.team_id}


def org_access(request: HttpRequest, slug: str) -> OrgAccess:
    if not request.user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("organisation", "team")
        .filter(user=request.user, organisation__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404("No such organisation.")
    return OrgAccess(membership.organisation, membership)


def require_manager(access: OrgAccess) -> None:
    if not access.is_manager:
        raise PermissionDenied("Only organisation admins and consultants can do this.")


def assessment_for_manager(access: OrgAccess, pk: int) -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.select_related("framework_version__framework").prefetch_related("teams"),
        organisation=access.organisation,
        pk=pk,
    )
    if not access.can_manage(assessment):
        raise PermissionDenied("Only the round's team lead or an organisation admin can do this.")
    return assessment


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
    now = timezone.now()
    if assessment.closed_early_at is not None or now >= assessment.closes_at:
        return "closed"
    if now < assessment.opens_at:
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


def respondent_from_token(token: str, *, allow_closed: bool = False) -> Respondent:
    """The respondent behind a link: a personal invitation or a team-link resume link."""
    respondent = (
        Respondent.objects.select_related(
            "invitation", *(f"invitation__{j}" for j in _INVITATION_JOINS)
        )
        .filter(token_hash=token_digest(token))
        .first()
    )
    if respondent is not None and digests_match(respondent.token_hash, token):
        if respondent.invitation.revoked_at is not None:
            raise LinkRefused(LinkProblem.REVOKED, respondent.invitation.assessment)
        _check_open(respondent.invitation.assessment, allow_closed=allow_closed)
        return respondent
    from assessments.services import respondent_for_personal_link

    invitation = invitation_from_token(token, Invitation.Kind.PERSONAL)
    return respondent_for_personal_link(invitation=invitation)


def access_code_ok(invitation: Invitation, code: str) -> bool:
    if not invitation.access_code_hash:
        return True
    return check_password(code.strip(), invitation.access_code_hash)
