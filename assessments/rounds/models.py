"""Assessment rounds, the links that reach respondents, and their answers."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.organisations.models import Department, Organisation, Team
from assessments.rounds import anonymity as anonymity_rule
from frameworks import audiences

DEFAULT_AUTO_REMIND_DAYS = 2


class Assessment(models.Model):
    """One assessment round: a framework version, the teams in it, dates and anonymity."""

    class Anonymity(models.TextChoices):
        NAMED = "named", "Named: leads see who answered what"
        ANONYMOUS = "anonymous", "Anonymous: nobody sees who answered what"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessments"
    )
    name = models.CharField(max_length=120)
    framework_version = models.ForeignKey(
        "frameworks.FrameworkVersion", on_delete=models.PROTECT, related_name="assessments"
    )
    # Each team with the department it was in when it joined the round (``RoundTeam``).
    teams = models.ManyToManyField(Team, through="RoundTeam", related_name="assessments")
    include_maturity = models.BooleanField(
        default=True, help_text="Maturity Model statements (they also set the dashboard dials)."
    )
    include_activities = models.BooleanField(
        default=True, help_text="Who leads each of the 20 activities, and how well it is done."
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    closed_early_at = models.DateTimeField(null=True, blank=True)
    anonymity = models.CharField(
        max_length=10, choices=Anonymity.choices, default=Anonymity.ANONYMOUS
    )
    min_group_size = models.PositiveSmallIntegerField(
        default=anonymity_rule.DEFAULT_MIN_GROUP_SIZE,
        help_text="In anonymous rounds, no group smaller than this is shown on its own.",
    )
    # Set when answers that count in results change; cleared when the stored results are
    # refreshed (reports.store). While set, reports show the last results and say so.
    results_stale_since = models.DateTimeField(null=True, blank=True, editable=False)
    only_statements = models.ManyToManyField(
        "frameworks.Statement",
        blank=True,
        related_name="+",
        help_text="A targeted re-check asks only these statements; empty means all of them.",
    )
    recheck_of = models.ForeignKey(
        "Roadmap",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rechecks",
        help_text="The roadmap whose finished actions this round re-checks.",
    )
    # A named follow-up: people may start from their answers in this earlier named round of
    # the organisation, confirming or changing each (``rounds.carry``).
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        help_text="The earlier named round whose answers people may start from.",
    )
    # The automatic reminder (``rounds.reminders``): emailed to personal invitees who have not
    # submitted, this many days before the round closes; None: no automatic reminder.
    auto_remind_days_before_close = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        default=DEFAULT_AUTO_REMIND_DAYS,
        help_text="Remind people who haven't submitted, automatically, this many days before "
        "the round closes. Empty: no automatic reminder.",
    )
    # When the scheduled job claimed this round's automatic reminder and sent it. A reminder
    # is due while this is before the reminder moment: once per moment, so a round extended
    # past its reminder gets one more before its new closing date.
    auto_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What webhooks last announced of the round (``rounds.announcements``): "" nothing yet,
    # "open" or "closed". Each opening and each closing is announced once.
    announced = models.CharField(max_length=6, blank=True, default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="assessment_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(include_maturity=True) | models.Q(include_activities=True),
                name="assessment_includes_something",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_anonymous(self) -> bool:
        return self.anonymity == self.Anonymity.ANONYMOUS

    @property
    def group_threshold(self) -> int:
        """The smallest group of people whose answers may be shown on their own.

        The one anonymity rule (``rounds.anonymity``): reports, exports, role splits and roadmaps
        all ask it.
        """
        return anonymity_rule.group_threshold(
            anonymous=self.is_anonymous, min_group_size=self.min_group_size
        )

    def shows_group(self, size: int) -> bool:
        return anonymity_rule.shows_group(size, self.group_threshold)

    @property
    def auto_remind_at(self) -> datetime | None:
        """When the automatic reminder is due, or None if the round has none: the setting is
        off, or the moment falls before the round opened (or was set up), so the reminder
        would reach people as soon as they were invited."""
        days = self.auto_remind_days_before_close
        if days is None:
            return None
        moment = self.closes_at - timedelta(days=days)
        start = max(self.opens_at, self.created_at or self.opens_at)
        return moment if moment > start else None

    @property
    def closed_at(self) -> datetime | None:
        """When the round actually closed: closed early by hand, or at its closing date once
        that has passed. None while it has not closed (``closes_at`` is then only the plan)."""
        if self.closed_early_at is not None:
            return self.closed_early_at
        if timezone.now() >= self.closes_at:
            return self.closes_at
        return None


class RoundTeam(models.Model):
    """A team in a round, with the department the round groups it under.

    The department is the team's when it joined the round and stays so: a team moved later
    regroups only rounds set up afterwards. A round's department figures then always add up
    to its teams, and nobody can subtract a department's figures before and after a move to
    read a small team's answers. Read it through ``rounds.selectors.round_team_departments``.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="round_teams")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="round_teams")
    # RESTRICT: a department a round grouped teams under stays while the round does (deleting
    # the whole organisation takes both).
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.RESTRICT, related_name="round_teams"
    )

    class Meta:
        # The table Django made for the plain many-to-many field, kept with its rows.
        db_table = "assessments_assessment_teams"
        unique_together = [("assessment", "team")]

    def __str__(self) -> str:
        return f"{self.team_id} in round {self.assessment_id}"


class Invitation(models.Model):
    """A link to answer an assessment: personal (one respondent) or shared by a team."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", "Personal link"
        TEAM = "team", "Team link"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="invitations")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The link token is derived from the nonce (see assessments.tokens); only its digest is kept.
    nonce = models.CharField(max_length=32, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(blank=True)
    name = models.CharField(max_length=120, blank=True)
    access_code_hash = models.CharField(max_length=128, blank=True)
    max_respondents = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Team links: at most this many people may start from the link.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["team__name", "kind", "email", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.team}"


class Respondent(models.Model):
    """One person answering one assessment. Their answers are stored per statement."""

    # The roles and their groups are defined with statement audiences (frameworks.audiences).
    Role = audiences.Role
    # The product group: asked the statements meant for product people.
    PRODUCT_ROLES = audiences.PRODUCT_ROLES

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="respondents")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="respondents")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="respondents")
    # Each respondent resumes through their own secret link: a personal invitation's
    # respondent shares its link; a team-link respondent gets one of their own.
    nonce = models.CharField(max_length=32, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    name = models.CharField(max_length=120, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    last_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Set when they started from their answers in the round this one follows: the respondent
    # there whose answers were carried over (``rounds.carry``).
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Respondent {self.pk} ({self.team})"


class Answer(models.Model):
    """A respondent's rating of one statement. One row per statement: saves never collide."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(
        "frameworks.Statement", on_delete=models.PROTECT, related_name="answers"
    )
    option = models.ForeignKey(
        "frameworks.ScaleOption", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Their answer in the round this one follows, carried over (``rounds.carry``). Never
    # counted itself: it is shown "from last time" until they confirm it (``option`` is then
    # set to it) or choose another, and kept after, to tell confirmed from changed.
    carried_option = models.ForeignKey(
        "frameworks.ScaleOption", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["respondent", "statement"], name="unique_answer"),
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk} to statement {self.statement_id}"


class ActivityAnswer(models.Model):
    """Who a respondent says leads an activity today, and how well it is done."""

    respondent = models.ForeignKey(
        Respondent, on_delete=models.CASCADE, related_name="activity_answers"
    )
    activity = models.ForeignKey(
        "frameworks.Activity", on_delete=models.PROTECT, related_name="answers"
    )
    leader = models.ForeignKey(
        "frameworks.ActivityLeader",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    performance = models.ForeignKey(
        "frameworks.ScaleOption", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Their answers in the round this one follows, carried over: as ``Answer.carried_option``,
    # each part is confirmed on its own.
    carried_leader = models.ForeignKey(
        "frameworks.ActivityLeader",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    carried_performance = models.ForeignKey(
        "frameworks.ScaleOption", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "activity"], name="unique_activity_answer"
            ),
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk} about activity {self.activity_id}"
