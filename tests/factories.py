"""factory-boy factories for every model. Content objects share their parent's version."""

from __future__ import annotations

from datetime import UTC, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import Department, ExportJob, Membership, Organisation, Team
from frameworks import models as fm
from tests.accounts import saved_and_confirmed
from tests.calendars.world import calendar_world
from tests.charters.world import charter_world
from tests.imports.world import import_world
from tests.organisations.world import people_world
from tests.reviews.world import consulting_world
from tests.webhooks.world import webhooks_world

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def confirmed(obj, create, extracted, **kwargs):
        saved_and_confirmed(obj, create=create, confirmed=extracted is not False)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    department = factory.SubFactory(DepartmentFactory)
    organisation = factory.SelfAttribute("department.organisation")
    name = factory.Sequence(lambda n: f"Team {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


# --- frameworks ---------------------------------------------------------------------
# Content factories take ``version=`` and build their parents in that same version.
# Pass ``version`` whenever you pass a parent; ContentFactory refuses a mismatch.


class ContentFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        version = kwargs.get("version")
        for value in kwargs.values():
            other = getattr(value, "version_id", None)
            if version is not None and other is not None and other != version.pk:
                raise ValueError(f"{cls.__name__}: pass version= to match {value!r}")
        return kwargs


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = fm.Framework
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"framework-{n}")
    name = factory.Sequence(lambda n: f"Framework {n}")


class FrameworkVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = fm.FrameworkVersion

    framework = factory.SubFactory(FrameworkFactory)
    label = factory.Sequence(lambda n: f"1.{n}")
    status = fm.FrameworkVersion.Status.PUBLISHED
    published_at = factory.Faker("date_time_this_year", tzinfo=UTC)


class LevelFactory(ContentFactory):
    class Meta:
        model = fm.Level

    version = factory.SubFactory(FrameworkVersionFactory)
    key = factory.Iterator(["immature", "managed", "leading"])
    name = factory.LazyAttribute(lambda o: o.key.title())
    order = factory.Sequence(int)


class EnablerFactory(ContentFactory):
    class Meta:
        model = fm.Enabler

    version = factory.SubFactory(FrameworkVersionFactory)
    key = factory.Sequence(lambda n: f"enabler-{n}")
    name = factory.Sequence(lambda n: f"Enabler {n}")
    order = factory.Sequence(int)


class LevelDescriptorFactory(ContentFactory):
    class Meta:
        model = fm.LevelDescriptor

    version = factory.SubFactory(FrameworkVersionFactory)
    enabler = factory.SubFactory(EnablerFactory, version=factory.SelfAttribute("..version"))
    level = factory.SubFactory(LevelFactory, version=factory.SelfAttribute("..version"))
    text = "What a normal week looks like at this level."


class StatementFactory(ContentFactory):
    class Meta:
        model = fm.Statement

    version = factory.SubFactory(FrameworkVersionFactory)
    enabler = factory.SubFactory(EnablerFactory, version=factory.SelfAttribute("..version"))
    level = factory.SubFactory(LevelFactory, version=factory.SelfAttribute("..version"))
    key = factory.Sequence(lambda n: f"statement-{n}")
    text = factory.Sequence(lambda n: f"We do observable thing number {n}.")
    order = factory.Sequence(int)


class ScaleFactory(ContentFactory):
    class Meta:
        model = fm.Scale

    version = factory.SubFactory(FrameworkVersionFactory)
    key = fm.Scale.AGREEMENT
    name = "Agreement"


class ScaleOptionFactory(ContentFactory):
    class Meta:
        model = fm.ScaleOption

    version = factory.SubFactory(FrameworkVersionFactory)
    scale = factory.SubFactory(ScaleFactory, version=factory.SelfAttribute("..version"))
    key = factory.Sequence(lambda n: f"option-{n}")
    label = factory.Sequence(lambda n: f"Option {n}")
    score = 50


class OwnershipKindFactory(ContentFactory):
    class Meta:
        model = fm.OwnershipKind

    version = factory.SubFactory(FrameworkVersionFactory)
    key = factory.Sequence(lambda n: f"ownership-{n}")
    label = factory.Sequence(lambda n: f"Ownership {n}")


class ActivityLeaderFactory(ContentFactory):
    class Meta:
        model = fm.ActivityLeader

    version = factory.SubFactory(FrameworkVersionFactory)
    key = factory.Sequence(lambda n: f"leader-{n}")
    name = factory.Sequence(lambda n: f"Leader {n}")
    kind = fm.ActivityLeader.Kind.OTHER


class ActivityAreaFactory(ContentFactory):
    class Meta:
        model = fm.ActivityArea

    version = factory.SubFactory(FrameworkVersionFactory)
    key = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Area {n}")


class ActivityGroupFactory(ContentFactory):
    class Meta:
        model = fm.ActivityGroup

    version = factory.SubFactory(FrameworkVersionFactory)
    area = factory.SubFactory(ActivityAreaFactory, version=factory.SelfAttribute("..version"))
    key = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Group {n}")


class ActivityFactory(ContentFactory):
    class Meta:
        model = fm.Activity

    version = factory.SubFactory(FrameworkVersionFactory)
    area = factory.SubFactory(ActivityAreaFactory, version=factory.SelfAttribute("..version"))
    group = None
    ownership = factory.SubFactory(OwnershipKindFactory, version=factory.SelfAttribute("..version"))
    key = factory.Sequence(lambda n: f"activity-{n}")
    name = factory.Sequence(lambda n: f"Activity {n}")
    description = "What the activity produces."


class DialGroupFactory(ContentFactory):
    class Meta:
        model = fm.DialGroup

    version = factory.SubFactory(FrameworkVersionFactory)
    key = factory.Sequence(lambda n: f"dial-group-{n}")
    name = factory.Sequence(lambda n: f"Dial group {n}")


class DialFactory(ContentFactory):
    class Meta:
        model = fm.Dial

    version = factory.SubFactory(FrameworkVersionFactory)
    group = factory.SubFactory(DialGroupFactory, version=factory.SelfAttribute("..version"))
    key = factory.Sequence(lambda n: f"dial-{n}")
    name = factory.Sequence(lambda n: f"Dial {n}")
    left_label = "Left end"
    right_label = "Right end"


class DialInputFactory(ContentFactory):
    class Meta:
        model = fm.DialInput

    version = factory.SubFactory(FrameworkVersionFactory)
    dial = factory.SubFactory(DialFactory, version=factory.SelfAttribute("..version"))
    statement = factory.SubFactory(StatementFactory, version=factory.SelfAttribute("..version"))
    weight = 1


# Roles asked every statement of the shipped content: three of them show all of it.
PRODUCT_TRIO = ("product_manager", "product_owner", "product_marketing")


def answer_all(assessment, team, n, *, agree="agree", comment="", roles=None):
    """n people of the team submit the same answer to every statement; PM leads everything.
    ``roles``: each person's role in turn (by default product manager, engineer, ...)."""
    from assessments.rounds import services

    version = assessment.framework_version
    option = fm.ScaleOption.objects.get(version=version, scale__key="agreement", key=agree)
    pm = fm.ActivityLeader.objects.get(version=version, key="product-management")
    for i in range(n):
        invitation = services.invitation_create_personal(
            assessment=assessment,
            team=team,
            email=f"r{i}-{team.pk}-{agree}@example.com",
            name=f"Person {i}",
        )
        respondent = services.respondent_for_personal_link(invitation=invitation)
        services.respondent_set_profile(
            respondent=respondent,
            role=roles[i % len(roles)] if roles else ("engineer" if i % 2 else "product_manager"),
            name=f"Person {i}",
        )
        services.answers_save(
            respondent=respondent,
            statements={
                s.pk: {"option_id": option.pk, "comment": comment}
                for s in fm.Statement.objects.filter(version=version)
            },
            activities={a.pk: {"leader_id": pm.pk} for a in version.activity_set.all()},
        )
        services.respondent_submit(respondent=respondent)


def load_sample_version():
    """A small published version (3 statements, 2 activities) for questionnaire tests."""
    from frameworks.loader import load_content
    from frameworks.schema import ContentFile
    from tests.content_samples import minimal_content

    data = minimal_content()
    data["status"] = "published"
    load_content(ContentFile.model_validate(data))
    return fm.FrameworkVersion.objects.get(framework__slug="sample")


def people(organisation, team):
    """The owner / lead / member trio of an organisation, with the usernames tests use."""
    role = Membership.Role
    return {
        "owner": MembershipFactory(
            organisation=organisation, role=role.ADMIN, user__username="owner"
        ).user,
        "team_lead": MembershipFactory(
            organisation=organisation, role=role.TEAM_LEAD, team=team, user__username="lead"
        ).user,
        "member": MembershipFactory(
            organisation=organisation, role=role.MEMBER, user__username="member"
        ).user,
    }


def outsider_user():
    """An admin of another organisation: must never see the first one's data."""
    return MembershipFactory(
        organisation=OrganisationFactory(name="Other Org"),
        role=Membership.Role.ADMIN,
        user__username="outsider",
    ).user


def open_round(organisation, team, version, owner, *, teams=None, name="Spring health check"):
    """An anonymous round of one team (or of ``teams``), open since yesterday for two weeks."""
    from assessments.rounds import services

    now = timezone.now()
    return services.assessment_create(
        organisation=organisation,
        name=name,
        framework_version=version,
        teams=teams if teams is not None else [team],
        include_maturity=True,
        include_activities=True,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=13),
        anonymity="anonymous",
        min_group_size=3,
        created_by=owner,
    )


def personal_link_for(assessment, team):
    """(invitation, token) for a personal link."""
    from assessments.rounds import services

    invitation = services.invitation_create_personal(
        assessment=assessment, team=team, email="ana@example.com", name="Ana"
    )
    return invitation, services.invitation_token(invitation)


def team_link_for(assessment, team):
    from assessments.rounds import services

    invitation = services.invitation_create_team_link(assessment=assessment, team=team)
    return invitation, services.invitation_token(invitation)


def build_url_world():
    """One organisation with a round, its links, a roadmap, a draft fork and a foreign round."""
    from assessments.organisations import services as organisation_services
    from assessments.roadmaps.models import Roadmap, RoadmapAction
    from assessments.rounds import services
    from frameworks import services as framework_services

    organisation = OrganisationFactory(name="Acme Products")
    team = TeamFactory(
        organisation=organisation, department__organisation=organisation, name="Checkout"
    )
    users = people(organisation, team)
    users["teammate"] = MembershipFactory(
        organisation=organisation, role=Membership.Role.MEMBER, team=team, user__username="mate"
    ).user
    users["outsider"] = outsider_user()
    users["staff"] = UserFactory(username="staff", is_staff=True, is_superuser=True)
    version = load_sample_version()
    # A recommendation to finish, so a re-check round has a statement to ask (before freezing).
    recommendation = fm.Recommendation.objects.create(
        version=version,
        key="write-it-down",
        order=1,
        enabler=version.enabler_set.first(),
        step=fm.Recommendation.Step.TO_MANAGED,
        title="Write the role down",
        why="So everyone works from the same page.",
        done="A page everyone can find.",
        effort=fm.Effort.SMALL,
    )
    recommendation.statements.add(version.statement_set.first())
    assessment = open_round(organisation, team, version, users["owner"])
    invitation, token = personal_link_for(assessment, team)
    team_link = team_link_for(assessment, team)
    # Someone who came in through the team link: their own resume link (e.g. to email it).
    from_team_link = services.respondent_start_from_team_link(invitation=team_link[0])
    services.respondent_set_profile(respondent=from_team_link, role="designer")
    framework_services.version_fork(version=version, label="0.2-draft")
    respondent = services.respondent_for_personal_link(invitation=invitation)
    services.respondent_set_profile(respondent=respondent, role="engineer")
    other_org = OrganisationFactory()
    other_team = TeamFactory(organisation=other_org, department__organisation=other_org)
    foreign = services.assessment_create(
        organisation=other_org,
        name="Theirs",
        framework_version=version,
        teams=[other_team],
        include_maturity=True,
        include_activities=False,
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=3),
        anonymity="named",
        min_group_size=3,
        created_by=None,
    )
    road = Roadmap.objects.create(assessment=assessment, team=team)
    action = RoadmapAction.objects.create(roadmap=road, title="Write a charter")
    join = organisation_services.organisation_invite(
        organisation=organisation,
        email="x@example.com",
        role="member",
        team=None,
        invited_by=users["owner"],
    )
    export = ExportJob.objects.create(
        organisation=organisation,
        assessment=assessment,
        requested_by=users["owner"],
        kind=ExportJob.Kind.REPORT_PDF,
        scope_kind="team",
        scope_pk=team.pk,
        title="Team report (PDF)",
        status=ExportJob.Status.FAILED,
        problem="Chromium stopped.",
    )
    charters = charter_world(organisation, team.department, users["owner"])
    return {
        **charters,
        **consulting_world(organisation, team, assessment, version, users),
        "org": organisation.slug,
        "export": export.pk,
        "assessment": assessment.pk,
        "invitation": team_link[0].pk,
        "token": token,
        "personal_invitation": invitation.pk,
        "team_token": team_link[1],
        "team_respondent_token": services.respondent_token(from_team_link),
        "join_token": join.token,
        "join_invitation": join.obj.pk,
        "foreign_assessment": foreign.pk,
        "foreign_charter_version": charter_world(other_org, None, None)["charter_version"],
        "team": team.pk,
        "department": team.department_id,
        **people_world(organisation, users, other_team),
        **import_world(organisation, assessment, users["owner"]),
        **webhooks_world(organisation, other_org),
        "action": action.pk,
        **calendar_world(organisation, users, road),
        "users": users,
        "statements": list(version.statement_set.values_list("pk", flat=True)),
        "statement": version.statement_set.order_by("pk").first().pk,
        "agree": version.scaleoption_set.get(scale__key="agreement", key="agree").pk,
        "activities": list(version.activity_set.values_list("pk", flat=True)),
    }
