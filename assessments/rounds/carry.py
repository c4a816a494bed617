"""Starting a follow-up round from one's own answers last time.

A named round may follow an earlier named round of its organisation (``Assessment.follows``).
Someone answering it may start from their answers there: each is copied into this round as a
*carried* value (``Answer.carried_option``, ``ActivityAnswer.carried_leader`` and
``carried_performance``), never as an answer. Everything that counts answers reads
``option``, ``leader`` and ``performance`` only, so a carried value counts nowhere (progress,
the review page, participation, reports, stored results, exports, scores) until the person
confirms it: by choosing it again, by choosing another answer, or with "Same as last time" for
a whole section. Confirming is an ordinary save (``services.answers_save``); the carried value
stays, so a round can say how many answers were confirmed unchanged and how many changed.

Who someone was last time: the submitted respondent of a personal link to the same email for
the same team (``previous_self``), or the respondent whose private link they paste
(``previous_from_link``: holding the link proves it was them). Answers describe a team, so
they carry over within the same team only. Anonymous rounds never carry anything: neither end
of a follow-up may be anonymous, and the services refuse it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q

from assessments.organisations.models import Organisation
from assessments.rounds.models import ActivityAnswer, Answer, Assessment, Invitation, Respondent
from assessments.rounds.selectors import Questionnaire, Section, questionnaire
from assessments.tokens import digests_match, token_digest
from frameworks.services import version_freeze


class CarryRefused(ValidationError):
    """Answers can't be carried over; the message says why in plain words."""


def follow_up_problem(
    *, organisation: Organisation, anonymity: str, opens_at: datetime, follows: Assessment
) -> str:
    """Why a new round may not follow ``follows`` ("" when it may): the one rule, for the form
    that sets up a round and for ``services.assessment_create``."""
    if follows.organisation_id != organisation.pk:
        return "Pick one of this organisation's earlier rounds."
    if anonymity == Assessment.Anonymity.ANONYMOUS:
        return (
            "Only a named round can start from earlier answers: make this round named, or "
            "leave \u201cFollows up\u201d empty."
        )
    if follows.is_anonymous:
        return (
            f"\u201c{follows.name}\u201d was anonymous, so nobody\u2019s answers there can be "
            "linked to them. Pick a named round, or leave \u201cFollows up\u201d empty."
        )
    if follows.opens_at >= opens_at:
        return f"\u201c{follows.name}\u201d must have opened before this round opens."
    return ""


def followed_round(assessment: Assessment) -> Assessment | None:
    """The round people may start from, if the round follows one and both are named."""
    if assessment.follows_id is None or assessment.is_anonymous:
        return None
    since = assessment.follows
    if since is None or since.is_anonymous:
        return None
    return since


# --- who someone was last time ---------------------------------------------------------------


def previous_self(respondent: Respondent) -> Respondent | None:
    """This person in the round this one follows, by their personal link: the latest submitted
    respondent there of a personal link to the same email, for the same team. None for someone
    who came in through a team link (they paste their own link instead)."""
    invitation = respondent.invitation
    since = followed_round(respondent.invitation.assessment)
    if since is None or invitation.kind != Invitation.Kind.PERSONAL or not invitation.email:
        return None
    return (
        Respondent.objects.filter(
            assessment=since,
            team_id=respondent.team_id,
            submitted_at__isnull=False,
            invitation__kind=Invitation.Kind.PERSONAL,
            invitation__email__iexact=invitation.email,
        )
        .order_by("-submitted_at", "-pk")
        .first()
    )


# A private link as pasted: the whole address, or only the part after /r/.
_PRIVATE = re.compile(r"(?:^|/)r/([A-Za-z0-9_-]{20,100})/?")
_TEAM = re.compile(r"(?:^|/)t/([A-Za-z0-9_-]{20,100})/?")
_BARE = re.compile(r"[A-Za-z0-9_-]{20,100}")
PASTED_MAX = 1000


def _token_in(text: str) -> str:
    text = text.strip()
    if len(text) > PASTED_MAX:
        raise CarryRefused("That is far longer than a link. Paste just your link from last time.")
    if _TEAM.search(text.split("?")[0]):
        raise CarryRefused(
            "That is the link the whole team shared, not your own. Paste the private link you "
            "answered with last time: it has /r/ in it, and it was in your email or browser."
        )
    found = _PRIVATE.search(text.split("?")[0].split("#")[0])
    if found:
        return found.group(1)
    if _BARE.fullmatch(text):
        return text
    raise CarryRefused(
        "That doesn\u2019t look like a private link. Paste the whole link you answered with "
        "last time (it has /r/ in it), or leave the box empty to start afresh."
    )


def previous_from_link(respondent: Respondent, pasted: str) -> Respondent:
    """The respondent whose private link (from the round this one follows) was pasted: holding
    it proves it was them. CarryRefused, with what to do, for anything else."""
    since = followed_round(respondent.invitation.assessment)
    if since is None:
        raise CarryRefused("This round does not start from an earlier one.")
    token = _token_in(pasted)
    previous = (
        Respondent.objects.select_related("invitation")
        .filter(token_hash=token_digest(token))
        .first()
    )
    if previous is None or not digests_match(previous.token_hash, token):
        raise CarryRefused(
            "We don\u2019t recognise that link. Check you copied all of it, or leave the box "
            "empty to start afresh."
        )
    if previous.assessment_id != since.pk:
        raise CarryRefused(f"That link is not one from \u201c{since.name}\u201d.")
    if previous.team_id != respondent.team_id:
        raise CarryRefused(
            "That link holds answers about another team. Answers carry over within the same "
            "team only, so start afresh here."
        )
    if previous.invitation.revoked_at is not None:
        raise CarryRefused("That link was withdrawn, so its answers can\u2019t be used.")
    if previous.submitted_at is None:
        raise CarryRefused(
            f"Those answers were never submitted in \u201c{since.name}\u201d, so there is "
            "nothing to start from."
        )
    return previous


@dataclass(frozen=True)
class Offer:
    """What the first page offers someone in a follow-up round: to start from their answers
    in ``since``, found by their personal link (``previous``), or by pasting their own link."""

    since: Assessment
    previous: Respondent | None


def offer_for(respondent: Respondent) -> Offer | None:
    """The offer, before someone has chosen their role and carried nothing yet; None in a
    round that follows none, or where either round is anonymous."""
    if respondent.role or respondent.carried_from_id is not None:
        return None
    since = followed_round(respondent.invitation.assessment)
    if since is None:
        return None
    return Offer(since, previous_self(respondent))


def previous_chosen(
    respondent: Respondent, offer: Offer | None, *, wanted: bool, pasted: str
) -> Respondent | None:
    """Whose answers to start from, as the first page was answered: the one found by personal
    link if ``wanted``, else the one whose link was ``pasted`` (CarryRefused for a link that
    can't be used); None to start afresh."""
    if offer is None:
        return None
    if offer.previous is not None and wanted:
        return offer.previous
    if pasted.strip():
        return previous_from_link(respondent, pasted)
    return None


# --- carrying over ---------------------------------------------------------------------------


def _asked(q: Questionnaire) -> tuple[dict[str, int], dict[str, int]]:
    """What this respondent is asked, by key: statements and activities."""
    statements = {s.key: s.pk for section in q.sections for s in section.statements}
    activities = {a.key: a.pk for section in q.sections for a in section.activities}
    return statements, activities


def _carried(
    previous: Respondent, q: Questionnaire
) -> tuple[dict[int, int], dict[int, tuple[int | None, int | None]]]:
    """``previous``'s answers as this round's items and choices, matched by their stable keys:
    an item or a choice whose key this round's version no longer has is left behind."""
    statements, activities = _asked(q)
    agreement = {o.key: o.pk for o in q.agreement}
    performance = {o.key: o.pk for o in q.performance}
    leaders = {leader.key: leader.pk for leader in q.leaders}
    carried_statements = {
        statements[key]: agreement[option]
        for key, option in Answer.objects.filter(
            respondent=previous, option__isnull=False
        ).values_list("statement__key", "option__key")
        if key in statements and option in agreement
    }
    carried_activities = {}
    for key, leader, perf in ActivityAnswer.objects.filter(respondent=previous).values_list(
        "activity__key", "leader__key", "performance__key"
    ):
        pair = (leaders.get(leader or ""), performance.get(perf or ""))
        if key in activities and pair != (None, None):
            carried_activities[activities[key]] = pair
    return carried_statements, carried_activities


@transaction.atomic
def answers_carry(*, respondent: Respondent, previous: Respondent) -> int:
    """Start ``respondent`` from ``previous``'s answers: each, matched by key, becomes a carried
    value on this round's row, where nothing is answered yet. Returns how many items carry
    one. Once per respondent (0 the second time); refused (CarryRefused) unless ``previous``
    answered the round this one follows, in the same team, both rounds named, and the
    respondent has a role (what they are asked depends on it)."""
    assessment = respondent.invitation.assessment
    since = followed_round(assessment)
    if since is None or previous.assessment_id != since.pk:
        raise CarryRefused("Answers carry over only from the named round this one follows.")
    if previous.team_id != respondent.team_id:
        raise CarryRefused("Answers carry over within the same team only.")
    if not respondent.role:
        raise CarryRefused("Choose a role first: what you are asked depends on it.")
    # The first to mark the respondent carries; a second request (a double click) finds it done.
    if not Respondent.objects.filter(pk=respondent.pk, carried_from__isnull=True).update(
        carried_from=previous
    ):
        return 0
    respondent.carried_from = previous
    statements, activities = _carried(previous, questionnaire(assessment, respondent.role))
    version = assessment.framework_version
    if (statements or activities) and not version.is_frozen:
        version_freeze(version=version)  # no row is ever stored against a version unfrozen
    _carry_statements(respondent, statements)
    _carry_activities(respondent, activities)
    return len(statements) + len(activities)


def _carry_statements(respondent: Respondent, carried: dict[int, int]) -> None:
    have = {a.statement_id: a for a in Answer.objects.filter(respondent=respondent)}
    update = []
    for pk, option in carried.items():
        row = have.get(pk)
        if row is not None and row.option_id is None:
            row.carried_option_id = option
            update.append(row)
    Answer.objects.bulk_update(update, ["carried_option"])
    Answer.objects.bulk_create(
        [
            Answer(respondent=respondent, statement_id=pk, carried_option_id=option)
            for pk, option in carried.items()
            if pk not in have
        ],
        ignore_conflicts=True,
    )


def _carry_activities(
    respondent: Respondent, carried: dict[int, tuple[int | None, int | None]]
) -> None:
    have = {a.activity_id: a for a in ActivityAnswer.objects.filter(respondent=respondent)}
    update = []
    for pk, (leader, perf) in carried.items():
        row = have.get(pk)
        if row is not None:
            row.carried_leader_id = leader if row.leader_id is None else None
            row.carried_performance_id = perf if row.performance_id is None else None
            update.append(row)
    ActivityAnswer.objects.bulk_update(update, ["carried_leader", "carried_performance"])
    ActivityAnswer.objects.bulk_create(
        [
            ActivityAnswer(
                respondent=respondent,
                activity_id=pk,
                carried_leader_id=leader,
                carried_performance_id=perf,
            )
            for pk, (leader, perf) in carried.items()
            if pk not in have
        ],
        ignore_conflicts=True,
    )


def confirmations(
    respondent: Respondent, section: Section, no_rating_leaders: frozenset[int]
) -> tuple[dict[int, dict[str, object]], dict[int, dict[str, object]]]:
    """What "Same as last time" saves for a section: every carried value not confirmed yet,
    in the shape ``services.answers_save`` takes. How well an activity is done is left out
    where nobody leads it (or nobody knows who does): it needs no rating there."""
    statements: dict[int, dict[str, object]] = {
        pk: {"option_id": option}
        for pk, option in Answer.objects.filter(
            respondent=respondent,
            statement_id__in=[s.pk for s in section.statements],
            option__isnull=True,
            carried_option__isnull=False,
        ).values_list("statement_id", "carried_option_id")
    }
    activities: dict[int, dict[str, object]] = {}
    for pk, leader, perf, carried_leader, carried_perf in ActivityAnswer.objects.filter(
        Q(leader__isnull=True, carried_leader__isnull=False)
        | Q(performance__isnull=True, carried_performance__isnull=False),
        respondent=respondent,
        activity_id__in=[a.pk for a in section.activities],
    ).values_list(
        "activity_id", "leader_id", "performance_id", "carried_leader", "carried_performance"
    ):
        given: dict[str, object] = {}
        if leader is None and carried_leader is not None:
            given["leader_id"] = leader = carried_leader
        if perf is None and carried_perf is not None and leader not in no_rating_leaders:
            given["performance_id"] = carried_perf
        if given:
            activities[pk] = given
    return statements, activities


# --- what the follow-up shows ------------------------------------------------------------------


@dataclass(frozen=True)
class CarriedCounts:
    """How the people who started from their answers last time answered, in totals: never per
    person. Counted over submitted respondents only, as results are."""

    since: Assessment
    submitted: int  # everyone who submitted this round
    people: int  # of them, those who started from their answers last time
    unchanged: int  # their answers confirmed as they were
    changed: int  # their answers carried over, then changed
    new: int  # their answers with nothing carried (a new question, or not answered then)
    unconfirmed: int  # carried over and never confirmed: not counted anywhere

    @property
    def answered(self) -> int:
        return self.unchanged + self.changed + self.new


def carried_counts(assessment: Assessment) -> CarriedCounts | None:
    """How many answers of this follow-up were confirmed unchanged, changed or new; None for a
    round that follows none (or is anonymous). Three queries."""
    since = followed_round(assessment)
    if since is None:
        return None
    submitted = Respondent.objects.filter(assessment=assessment, submitted_at__isnull=False)
    people = submitted.aggregate(
        all=Count("pk"), carried=Count("pk", filter=Q(carried_from__isnull=False))
    )
    carriers = Q(
        respondent__assessment=assessment,
        respondent__submitted_at__isnull=False,
        respondent__carried_from__isnull=False,
    )
    given, carried = Q(option__isnull=False), Q(carried_option__isnull=False)
    statements = Answer.objects.filter(carriers).aggregate(
        unchanged=Count("pk", filter=given & Q(option=F("carried_option"))),
        changed=Count("pk", filter=given & carried & ~Q(option=F("carried_option"))),
        new=Count("pk", filter=given & ~carried),
        unconfirmed=Count("pk", filter=~given & carried),
    )
    # An activity counts as answered once someone says who leads it, as in results; it is
    # unchanged when who leads it is, and how well it is done too where that was said again.
    led = Q(leader__isnull=False)
    was = Q(carried_leader__isnull=False) | Q(carried_performance__isnull=False)
    same = Q(leader=F("carried_leader")) & (
        Q(performance=F("carried_performance")) | Q(performance__isnull=True)
    )
    activities = ActivityAnswer.objects.filter(carriers).aggregate(
        unchanged=Count("pk", filter=led & same),
        changed=Count("pk", filter=led & was & ~same),
        new=Count("pk", filter=led & ~was),
        unconfirmed=Count("pk", filter=~led & was),
    )
    return CarriedCounts(
        since=since,
        submitted=people["all"],
        people=people["carried"],
        **{key: statements[key] + activities[key] for key in statements},
    )
