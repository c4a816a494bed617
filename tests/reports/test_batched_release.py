"""The differencing attack on an open anonymous round, through what a head of product gets.

People submit one at a time (and some change an answer after submitting, and change it
back). After each, a head of product downloads the score CSV of every scope, as
anyone watching the "submitted" counter would, and keeps every download. Whenever the
downloads change, that is a new release: it must differ from every earlier one by nobody or at
least a threshold's worth of people in every scope that changed, and no changed person, nor
pair of them, may be worked out from any two releases read together.
Reports read here compute their results themselves when a refresh is due (no worker runs).
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assessments.reports import answer_stream, store
from assessments.reports.models import StoredResult
from assessments.rounds import services
from assessments.rounds.models import Assessment
from frameworks import models as fm
from tests.factories import DepartmentFactory, TeamFactory, open_round
from tests.rounds.test_anonymity_attacks import Span

pytestmark = pytest.mark.django_db

T = 3
ROLES = ("product_manager", "engineer")

# Events: ("submit", team index, role index), ("edit", which submitted person, statement):
# an edit is undone by its twin, or ("role", which submitted person, _): they change role.
events = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), st.integers(0, 3), st.integers(0, 1)),
        st.tuples(st.just("edit"), st.integers(0, 30), st.integers(0, 2)),
        st.tuples(st.just("role"), st.integers(0, 30), st.just(0)),
    ),
    min_size=4,
    max_size=16,
)
layouts = st.lists(st.integers(1, 2), min_size=1, max_size=2)  # departments: their teams


class Round:
    """An open anonymous round, its people as the test knows them, and its score exports."""

    def __init__(self, organisation, version, owner, layout):
        n = organisation.teams.count()
        self.teams = []
        for d, count in enumerate(layout):
            department = DepartmentFactory(organisation=organisation, name=f"D{n}-{d}")
            self.teams += [
                TeamFactory(organisation=organisation, department=department, name=f"T{n}{d}{t}")
                for t in range(count)
            ]
        self.assessment = open_round(
            organisation, None, version, owner, teams=self.teams, name=f"Round {n}"
        )
        self.version = version
        self.options = {
            o.key: o for o in fm.ScaleOption.objects.filter(version=version, scale__key="agreement")
        }
        self.statements = list(fm.Statement.objects.filter(version=version).order_by("pk"))
        self.people = {}  # respondent → (team, role, answers as submitted now)
        self.respondents = []

    def submit(self, team, role, agree):
        invitation = services.invitation_create_personal(
            assessment=self.assessment,
            team=team,
            email=f"p{len(self.respondents)}-{self.assessment.pk}@example.com",
            name="",
        )
        respondent = services.respondent_for_personal_link(invitation=invitation)
        services.respondent_set_profile(respondent=respondent, role=role)
        answers = {s.pk: agree for s in self.statements}
        services.answers_save(
            respondent=respondent,
            statements={pk: {"option_id": self.options[k].pk} for pk, k in answers.items()},
            activities={},
        )
        services.respondent_submit(respondent=respondent)
        self.respondents.append(respondent)
        self.people[respondent.pk] = (team.pk, role, tuple(sorted(answers.items())))

    def edit(self, which, statement):
        respondent = self.respondents[which % len(self.respondents)]
        team, role, answers = self.people[respondent.pk]
        now = dict(answers)
        pk = self.statements[statement % len(self.statements)].pk
        now[pk] = "disagree" if now[pk] == "agree" else "agree"
        services.answers_save(
            respondent=respondent,
            statements={pk: {"option_id": self.options[now[pk]].pk}},
            activities={},
        )
        self.people[respondent.pk] = (team, role, tuple(sorted(now.items())))

    def switch_role(self, which):
        """The person changes role after submitting (nothing schedules a refresh for that,
        so the round is marked as the next answer would)."""
        respondent = self.respondents[which % len(self.respondents)]
        team, role, answers = self.people[respondent.pk]
        role = ROLES[1 - ROLES.index(role)]
        services.respondent_set_profile(respondent=respondent, role=role)
        Assessment.objects.filter(pk=self.assessment.pk).update(results_stale_since=timezone.now())
        self.people[respondent.pk] = (team, role, answers)

    def scopes(self):
        """Every scope's score export: (its teams, its URL)."""
        slug, pk = self.assessment.organisation.slug, self.assessment.pk
        found = [
            (
                frozenset(t.pk for t in self.teams),
                reverse("orgs:report_export", args=[slug, pk, "csv"]),
            )
        ]
        for department in {t.department for t in self.teams}:
            found.append(
                (
                    frozenset(t.pk for t in self.teams if t.department_id == department.pk),
                    reverse("orgs:report_department_export", args=[slug, pk, department.pk, "csv"]),
                )
            )
        for team in self.teams:
            url = reverse("orgs:report_team_export", args=[slug, pk, team.pk, "csv"])
            found.append((frozenset({team.pk}), url))
        return found

    def download(self, client):
        """Every scope's score CSV, as its teams: the rows, or None when withheld."""
        found = {}
        for teams, url in self.scopes():
            rows = list(csv.reader(io.StringIO(client.get(url).getvalue().decode())))
            found[teams] = tuple(map(tuple, rows)) if len(rows) > 1 else None
        return found


def _members(people, teams):
    return {p for p, (team, _, _) in people.items() if team in teams}


def _answer(person, statement):
    """What of a person one statement's figures count: their answer, if it counts (a
    statement for product people counts only the product roles')."""
    if person is None or (statement.audience == "product" and person[1] != ROLES[0]):
        return None
    return dict(person[2])[statement.pk]


def _given_away(before, after, shown_before, shown_after, statement):
    """Changed people, or pairs, whose answers to one statement two releases give away (person
    p: ``2p`` their answer in the first release, ``2p+1`` what changed since), by exact
    arithmetic over the groups each release shows. Whoever did not change this answer
    (someone who edited another, or only changed role where it still counts) is kept."""
    was = {p for p in before if _answer(before[p], statement) is not None}
    now = {p for p in after if _answer(after[p], statement) is not None}
    changed = (was ^ now) | {
        p for p in was & now if _answer(before[p], statement) != _answer(after[p], statement)
    }
    items = {2 * p for p in was} | {2 * p + 1 for p in changed}
    rows = [{2 * p for p in _members(before, g) & was} for g in shown_before]
    for g in shown_after:
        members = (_members(after, g) & now) | (_members(before, g) & was & (changed - now))
        rows.append({2 * p for p in members if p in was} | {2 * p + 1 for p in members & changed})
    span = Span(items, rows)
    few = [{2 * p + 1} for p in changed]
    few += [{2 * p + 1, 2 * q + 1} for p in changed for q in changed if p < q]
    return [f for f in few if span.holds(f)]


def _shows(figures, statement):
    """The scope's export shows figures of this statement: someone's answers counted."""
    if figures is None:
        return False
    row = next(r for r in figures if r[0] == "statement" and r[1] == statement.key)
    return row[8] not in ("", "0")


def _safe(before, after, download_before, download_after, statements):
    return all(
        _given_away(
            before,
            after,
            [teams for teams, f in download_before.items() if _shows(f, s)],
            [teams for teams, f in download_after.items() if _shows(f, s)],
            s,
        )
        == []
        for s in statements
    )


@hsettings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(layout=layouts, steps=events)
@pytest.mark.long
def test_successive_downloads_never_differ_by_fewer_than_a_threshold_of_people(
    client, organisation, sample_version, owner, settings, layout, steps
):
    settings.RESULTS_MAX_STALE_SECONDS = 0  # every report computes its results when due
    game = Round(organisation, sample_version, owner, layout)
    client.force_login(owner)
    seen = [({}, game.download(client))]  # every release downloaded: (its people, its figures)
    for kind, a, b in steps:
        if kind == "submit":
            agree = "agree" if (a + b + len(game.respondents)) % 2 else "disagree"
            game.submit(game.teams[a % len(game.teams)], ROLES[b], agree)
        elif kind == "edit" and game.respondents:
            game.edit(a, b)
        elif game.respondents:
            game.switch_role(a)
        download = game.download(client)
        if download == seen[-1][1]:
            continue
        people = dict(game.people)  # a release holds everyone as they are now, or nobody new
        _safe_beside_every_release(seen, people, download, game.statements)
        seen.append((people, download))
    # Closing is a release like any other: the final figures obey the same rule.
    services.assessment_close(assessment=Assessment.objects.get(pk=game.assessment.pk))
    Assessment.objects.filter(pk=game.assessment.pk).update(results_stale_since=timezone.now())
    final = game.download(client)
    if final != seen[-1][1]:
        _safe_beside_every_release(seen, dict(game.people), final, game.statements)


def _safe_beside_every_release(seen, people, download, statements):
    """Beside each release downloaded before, not only the last: a scope whose figures
    differ differs by nobody's answers or a threshold's worth of people's, and nobody is
    worked out. (Someone who only changed role changed which statements count, at most: a
    statement for product people shown or hidden.)"""
    for earlier, before_download in seen:
        for teams, figures in download.items():
            before = before_download[teams]
            if figures != before and before is not None and figures is not None:
                changed = {
                    p
                    for p in _members(earlier, teams) | _members(people, teams)
                    if p not in earlier or p not in people or earlier[p][2] != people[p][2]
                }
                assert not changed or len(changed) >= T, (teams, changed)
        assert _safe(earlier, people, before_download, download, statements)


def test_one_more_submission_leaves_the_downloads_as_they_were_until_a_batch_arrives(
    client, organisation, sample_version, owner, settings
):
    settings.RESULTS_MAX_STALE_SECONDS = 0
    game = Round(organisation, sample_version, owner, [1])
    team = game.teams[0]
    client.force_login(owner)
    for _ in range(T):
        game.submit(team, "engineer", "agree")
    first = game.download(client)
    assert all(first.values())  # three people: every scope shown
    raw = reverse("orgs:report_export", args=[organisation.slug, game.assessment.pk, "csv"])

    def respondents_in_raw_answers():
        text = client.get(raw, {"what": "answers"}).getvalue().decode()
        return {row[0] for row in list(csv.reader(io.StringIO(text)))[1:]}

    assert len(respondents_in_raw_answers()) == T
    game.submit(team, "engineer", "disagree")
    assert game.download(client) == first  # the fourth waits
    assert len(respondents_in_raw_answers()) == T  # in the raw answers too
    html = client.get(
        reverse("orgs:report", args=[organisation.slug, game.assessment.pk])
    ).content.decode()
    assert "These results include the first 3 answers" in html
    assert "<strong>3</strong> submitted" in html  # the count is the release's too
    game.submit(team, "engineer", "disagree")
    assert game.download(client) == first
    game.submit(team, "engineer", "disagree")
    assert game.download(client) != first  # three more: released
    assert len(respondents_in_raw_answers()) == 2 * T


def test_one_person_changing_an_answer_is_held_back_like_an_arrival(
    client, organisation, sample_version, owner, settings
):
    settings.RESULTS_MAX_STALE_SECONDS = 0
    game = Round(organisation, sample_version, owner, [1])
    client.force_login(owner)
    for _ in range(T + 1):
        game.submit(game.teams[0], "engineer", "agree")
    first = game.download(client)
    game.edit(0, 0)
    assert game.download(client) == first


def test_raw_answers_give_the_released_people_however_many_are_checked_at_once(
    client, organisation, sample_version, owner, settings, monkeypatch
):
    settings.RESULTS_MAX_STALE_SECONDS = 0
    game = Round(organisation, sample_version, owner, [1])
    client.force_login(owner)
    for _ in range(T):
        game.submit(game.teams[0], "engineer", "agree")
    game.download(client)  # released: the first three
    game.submit(game.teams[0], "engineer", "disagree")  # waits
    game.edit(0, 0)  # the first person's answers are no longer those released
    game.download(client)
    expected = frozenset(r.pk for r in game.respondents[1:T])
    for batch in (1, 2, 100):
        monkeypatch.setattr(answer_stream, "RELEASE_CHECK_BATCH", batch)
        assert answer_stream.released_people(game.assessment) == expected, batch


def test_closing_leaves_out_too_few_stragglers_and_says_so(
    client, organisation, sample_version, owner, settings
):
    settings.RESULTS_MAX_STALE_SECONDS = 0
    game = Round(organisation, sample_version, owner, [1])
    client.force_login(owner)
    for _ in range(T):
        game.submit(game.teams[0], "engineer", "agree")
    first = game.download(client)
    game.submit(game.teams[0], "engineer", "disagree")
    game.download(client)
    services.assessment_close(assessment=game.assessment)
    Assessment.objects.filter(pk=game.assessment.pk).update(results_stale_since=timezone.now())
    assert game.download(client) == first
    html = client.get(
        reverse("orgs:report", args=[organisation.slug, game.assessment.pk])
    ).content.decode()
    assert "are left out" in html


def test_a_named_round_refreshes_with_every_answer(
    client, organisation, sample_version, owner, settings
):
    settings.RESULTS_MAX_STALE_SECONDS = 0
    game = Round(organisation, sample_version, owner, [1])
    Assessment.objects.filter(pk=game.assessment.pk).update(anonymity="named")
    client.force_login(owner)
    game.submit(game.teams[0], "engineer", "agree")
    first = game.download(client)
    game.submit(game.teams[0], "engineer", "disagree")
    assert game.download(client) != first
    assert StoredResult.objects.filter(assessment=game.assessment).exists()


def test_a_scope_scored_on_demand_shows_nothing_the_release_does_not(
    organisation, sample_version, owner, settings
):
    """A review's chosen teams are scored from the answers each time: while answers wait for
    a batch, such a scope is scored as if nobody had answered, never from the answers now."""

    game = Round(organisation, sample_version, owner, [2])
    chosen = {("review", 1): frozenset(t.pk for t in game.teams)}
    for _ in range(T):
        game.submit(game.teams[0], "engineer", "agree")
    store.refresh(game.assessment)
    assert store.results_for(game.assessment, chosen).scopes[("review", 1)].respondents == T
    game.submit(game.teams[1], "engineer", "disagree")
    store.refresh(game.assessment)
    held = store.results_for(game.assessment, chosen)
    assert held.held
    assert held.scopes[("review", 1)].respondents == 0
