"""A team-link respondent's own resume link, sent to an address they give (kept nowhere)."""

from __future__ import annotations

from django.core.validators import validate_email
from django.utils import timezone

from assessments.rounds.models import Invitation, Respondent
from pmmaturity.mail import queue_email
from pmmaturity.ratelimit import give_back, take_slot

# Each send takes a slot in the cache for an hour: per respondent, and per client address
# (someone holding many links must not turn the app into a mail cannon).
EMAIL_LINK_PER_RESPONDENT = 3
EMAIL_LINK_PER_CLIENT = 20
EMAIL_LINK_WINDOW_SECONDS = 60 * 60


class EmailLinkLimited(Exception):
    """Too many links sent in the last hour; the message says so in plain words."""


def _take_email_link_slots(respondent: Respondent, client_ip: str) -> None:
    window = EMAIL_LINK_WINDOW_SECONDS
    my_key = f"email-link:respondent:{respondent.pk}"
    mine = take_slot(my_key, EMAIL_LINK_PER_RESPONDENT, window)
    if mine is None:
        raise EmailLinkLimited(
            f"We have already sent your link {EMAIL_LINK_PER_RESPONDENT} times in the last hour. "
            "Check your inbox and spam folder, or try again in an hour."
        )
    if take_slot(f"email-link:client:{client_ip}", EMAIL_LINK_PER_CLIENT, window) is None:
        give_back(my_key, mine)  # nothing was sent: give the respondent their slot back
        raise EmailLinkLimited(
            "Too many links have been emailed from your network in the last hour. "
            "Try again in an hour."
        )


def respondent_email_link(
    *, respondent: Respondent, email: str, resume_url: str, client_ip: str
) -> None:
    """Email a team-link respondent their own resume link, so they can carry on elsewhere.

    The address is used for this one message and kept nowhere: not on the respondent, not
    on the link, not in the logs. Raises ValidationError for a bad address and
    EmailLinkLimited past the hourly limits.
    """
    if respondent.invitation.kind != Invitation.Kind.TEAM:
        raise ValueError("Only people who came in through a team link are sent their link.")
    validate_email(email)
    _take_email_link_slots(respondent, client_ip)
    assessment = respondent.invitation.assessment
    queue_email(
        subject=f"Your link to \u201c{assessment.name}\u201d",
        body=(
            f"Hello,\n\nHere is your personal link to \u201c{assessment.name}\u201d for "
            f"{respondent.invitation.team.name}. Open it on any device to carry on where you "
            f"stopped; your answers save as you go:\n\n{resume_url}\n\n"
            f"You can change your answers until the round closes on "
            f"{timezone.localtime(assessment.closes_at):%d %B %Y}.\n\n"
            "This link is yours alone: anyone who has it can see and change your answers, "
            "so please don\u2019t forward it.\n\n"
            "You asked for this email on the questionnaire page. If you did not, you can "
            "ignore it."
        ),
        to=email,
        private=True,  # the address is never kept, not even in the task queue
    )
