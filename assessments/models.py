"""Organisations and the people in them.

Every later object (assessment, invitation, response, report, roadmap) hangs off an
organisation, and every lookup goes through the requesting user's memberships.
A consultant is simply a user with memberships in many client organisations.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Organisation(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_department_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="teams"
    )
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_team_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", "Organisation admin"
        TEAM_LEAD = "team_lead", "Team lead"
        MEMBER = "member", "Member"
        CONSULTANT = "consultant", "Consultant"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation} ({self.get_role_display()})"


class OrganisationInvitation(models.Model):
    """An emailed link that makes a colleague a member of an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(
        max_length=12, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


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
    teams = models.ManyToManyField(Team, related_name="assessments")
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
        default=3, help_text="In anonymous rounds, no group smaller than this is shown on its own."
    )
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
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["team__name", "kind", "email", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.team}"


class Respondent(models.Model):
    """One person answering one assessment. Their answers are stored per statement."""

    class Role(models.TextChoices):
        PRODUCT_MANAGER = "product_manager", "Product manager"
        PRODUCT_OWNER = "product_owner", "Product owner"
        DESIGNER = "designer", "Designer"
        ENGINEER = "engineer", "Engineer"
        PRODUCT_MARKETING = "product_marketing", "Product marketing"
        LEADERSHIP = "leadership", "Leadership"
        OTHER = "other", "Other"

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


# --- Roadmaps ------------------------------------------------------------------------------


class Target(models.Model):
    """The level a team aims for on one enabler, in one round."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="targets")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="targets")
    enabler = models.ForeignKey("frameworks.Enabler", on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey("frameworks.Level", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "team", "enabler"], name="unique_target"),
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.enabler} → {self.level}"


class Roadmap(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="roadmaps")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="roadmaps")
    generated_at = models.DateTimeField(auto_now=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "team"], name="unique_roadmap"),
        ]

    def __str__(self) -> str:
        return f"Roadmap for {self.team} ({self.assessment})"


class RoadmapAction(models.Model):
    class Horizon(models.TextChoices):
        NOW = "now", "Now"
        NEXT = "next", "Next"
        LATER = "later", "Later"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="actions")
    key = models.CharField(
        max_length=120, blank=True, help_text="Generated item key; empty for the team's own."
    )
    recommendation = models.ForeignKey(
        "frameworks.Recommendation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity = models.ForeignKey(
        "frameworks.Activity", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    reason = models.TextField(blank=True, help_text="Why it sits where it does.")
    effort = models.CharField(max_length=1, blank=True)
    horizon = models.CharField(max_length=5, choices=Horizon.choices, default=Horizon.NEXT)
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["horizon", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class ActionChange(models.Model):
    """Who changed what on a roadmap action, and when."""

    action = models.ForeignKey(RoadmapAction, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    field = models.CharField(max_length=30)
    old = models.CharField(max_length=300, blank=True)
    new = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old} → {self.new}"
