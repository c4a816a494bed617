"""Every release of an anonymous round is kept, and the next is checked beside each of them:
a reader who saved them all can subtract any two, not only the last two."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.reports import answer_stream, batches, history, releases, store
from assessments.reports.models import ReleaseHistory, StoredResult
from assessments.rounds import anonymity, services
from tests.reports.test_batched_release import Round

T = 3


def P(team: int, role: str, said: str) -> batches.Person:
    """A person whose answers are digested as ``said`` (in the digest form of answers alone)."""
    return batches.Person(team, role, batches.DIGEST_FORM + said)


TEAM: anonymity.Group = ("team", 1)
SHOWN: anonymity.Shown = (frozenset({anonymity.ROUND, TEAM}), frozenset())

# A release: respondent → (team, role, digest); digests "a"/"b" are one person's two answers.
people = st.dictionaries(
    st.integers(0, 9),
    st.builds(P, st.integers(1, 3), st.sampled_from(["eng", "pm"]), st.sampled_from("ab")),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(people, min_size=1, max_size=6), people)
def test_the_change_since_every_release_is_what_comparing_person_by_person_gives(releases, now):
    kept = history.EMPTY
    for release in releases:
        kept = history.appended(kept, release, SHOWN)
    assert kept.releases == len(releases)
    assert [kept.people(i) for i in range(kept.releases)] == releases
    assert history.changes_since(kept, now) == [batches.change(r, now) for r in releases]
    assert history.decode(history.encode(kept)) == kept


def test_a_state_held_by_several_releases_is_kept_once():
    one = {1: P(1, "eng", "a"), 2: P(1, "eng", "a")}
    kept = history.EMPTY
    for release in (one, one | {3: P(1, "eng", "a")}, one):
        kept = history.appended(kept, release, SHOWN)
    assert len(kept.respondents) == 3  # 1 and 2 once each, 3 for one release
    assert len(kept.shown_sets) == 1


def _role_swap():
    """Release 1: three engineers. 2: they turn product managers (two cells of three move).
    3: they turn back, and one of them has changed an answer since release 1."""
    first = {p: P(1, "eng", "a") for p in (1, 2, 3)}
    second = {p: P(1, "pm", "a") for p in (1, 2, 3)}
    third = first | {1: P(1, "eng", "b")}
    return first, second, third


def test_the_role_swap_goes_out_but_the_swap_back_with_an_edit_waits_on_its_own():
    """Only role changed from release 1 to 2: the team's figures are the same people's same
    answers. From 2 to 3 the team's figures moved by one person's edit alone (the two others
    only changed role back), and that gives the edit away, beside release 2 already."""
    first, second, third = _role_swap()
    departments = {1: None}
    assert batches.may_release(departments, first, second, SHOWN, SHOWN, T)
    assert not batches.may_release(departments, second, third, SHOWN, SHOWN, T)


def test_the_third_release_beside_the_first_gives_the_edit_away_so_it_waits():
    first, second, third = _role_swap()
    kept = history.appended(history.appended(history.EMPTY, first, SHOWN), second, SHOWN)
    assert not history.may_release_beside(kept, {1: None}, third, SHOWN, T)
    # Back exactly as in release 1: nothing new to anyone who saw it.
    assert history.may_release_beside(kept, {1: None}, first, SHOWN, T)
    # Three more arrived beside the edit: a threshold's worth changed since release 1 too.
    three = {p: P(1, "eng", "b") for p in (1, 2, 3)} | {p: P(1, "eng", "a") for p in (4, 5, 6)}
    assert history.may_release_beside(kept, {1: None}, three, SHOWN, T)


def test_a_full_history_releases_no_more(monkeypatch):
    first, second, _ = _role_swap()
    kept = history.appended(history.EMPTY, first, SHOWN)
    monkeypatch.setattr(history, "MOST_RELEASES", 1)
    assert not history.may_release_beside(kept, {1: None}, second, SHOWN, T)


@pytest.mark.parametrize("text", ["{}", "[]", '{"respondents": [1]}'])
def test_an_unfit_history_is_refused(text):
    with pytest.raises(history.UnreadableHistory):
        history.decode(text)


def test_a_history_whose_states_point_past_its_releases_is_refused():
    kept = history.appended(history.EMPTY, {1: P(1, "eng", "a")}, SHOWN)
    broken = history.encode(kept).replace('"last":[0]', '"last":[4]')
    with pytest.raises(history.UnreadableHistory):
        history.decode(broken)


# --- through the store and the score exports ----------------------------------------------


@pytest.mark.django_db
def test_a_role_swap_and_back_never_publishes_one_edit_beside_release_one(
    client, organisation, sample_version, owner
):
    game = Round(organisation, sample_version, owner, [1])
    team = game.teams[0]
    client.force_login(owner)
    for _ in range(T):
        game.submit(team, "engineer", "agree")
    store.refresh(game.assessment)
    first = game.download(client)
    assert all(first.values())
    for respondent in game.respondents:  # release 2: they all turn product managers
        services.respondent_set_profile(respondent=respondent, role="product_manager")
    store.refresh(game.assessment)
    second = game.download(client)
    assert second != first  # released (statements for product people now count)
    assert ReleaseHistory.objects.get(assessment=game.assessment)
    game.edit(0, 0)  # one of them changes an answer...
    for respondent in game.respondents:  # ...and they all turn back
        services.respondent_set_profile(respondent=respondent, role="engineer")
    store.refresh(game.assessment)
    # Each step changed three people; beside release 1 only the edit changed. It waits.
    assert game.download(client) == second
    html = client.get(
        reverse("orgs:report", args=[organisation.slug, game.assessment.pk])
    ).content.decode()
    assert "they update when at least 3 more have arrived (or changed)" in html


@pytest.mark.django_db
def test_a_new_scoring_method_shows_the_last_release_again_not_the_answers_now(
    client, organisation, sample_version, owner
):
    """Stored results are dropped when the scoring method changes; the history is not, so
    the first results scored by the new method are the last release's people again."""
    game = Round(organisation, sample_version, owner, [1])
    client.force_login(owner)
    for _ in range(T):
        game.submit(game.teams[0], "engineer", "agree")
    store.refresh(game.assessment)
    first = game.download(client)
    game.submit(game.teams[0], "engineer", "disagree")  # one more: waits
    StoredResult.objects.filter(assessment=game.assessment).delete()  # as a new method would
    store.refresh(game.assessment)
    assert game.download(client) == first
    assert store.results_for(game.assessment, store.round_scopes(game.assessment)).held


def test_one_role_change_beside_one_arrival_gives_the_arrival_away_so_it_waits():
    """The role change moves one person out of one cell and into another: weighed in both,
    but one person, whose answers did not change. The team's figures moved by the arrival's
    answers alone (found by the hypothesis attack on the score exports)."""
    before = {p: P(1, "pm", "a") for p in (1, 2, 3)}
    after = before | {1: P(1, "eng", "a"), 4: P(1, "pm", "a")}
    assert not batches.may_release({1: None}, before, after, SHOWN, SHOWN, T)
    kept = history.appended(history.EMPTY, before, SHOWN)
    assert not history.may_release_beside(kept, {1: None}, after, SHOWN, T)


def test_one_role_change_beside_two_arrivals_gives_the_two_away():
    """The team moved by the two arrivals' answers: the person who changed role answered as
    before, so a reader holding release 1 knows their part. Their answers are digested apart
    from their role, so the release tells a role change from new answers."""
    before = {p: P(1, "pm", "a") for p in (1, 2, 3)}
    after = before | {1: P(1, "eng", "a"), 4: P(1, "pm", "a"), 5: P(1, "pm", "b")}
    assert not batches.may_release({1: None}, before, after, SHOWN, SHOWN, T)
    kept = history.appended(history.EMPTY, before, SHOWN)
    assert not history.may_release_beside(kept, {1: None}, after, SHOWN, T)
    # A third arrival: a threshold's worth of new answers in the team.
    after[6] = P(1, "pm", "c")
    assert batches.may_release({1: None}, before, after, SHOWN, SHOWN, T)


def test_one_role_change_beside_one_arrival_in_another_team_gives_the_arrival_away():
    """Found by the score-export attack: the round alone is shown; its change is three small
    cells (the mover's old and new, the arrival's), weighing three, but two people, and one
    of them only changed role."""
    departments = {1: None, 2: None}
    before = {1: P(2, "pm", "a"), 2: P(1, "pm", "a"), 3: P(1, "pm", "a")}
    after = before | {1: P(2, "eng", "a"), 4: P(1, "pm", "a")}
    shown = (frozenset({anonymity.ROUND}), frozenset())
    assert not batches.may_release(departments, before, after, shown, shown, T)


def test_a_role_change_alone_moves_no_team_figure_but_moves_the_roles():
    """Everyone's figures of the team hold the same answers; the engineers' figures gain the
    mover, and with their figures shown in both releases that gives the mover away."""
    before = {p: P(1, "pm", f"p{p}") for p in range(4)} | {
        p: P(1, "eng", f"e{p}") for p in range(4, 8)
    }
    after = before | {0: P(1, "eng", "p0")}
    roles = frozenset({(TEAM, "pm"), (TEAM, "eng")})
    assert batches.may_release({1: None}, before, after, SHOWN, SHOWN, T)
    with_roles = (SHOWN[0], roles)
    assert not batches.may_release({1: None}, before, after, with_roles, with_roles, T)


# --- digests stored before answers were digested apart from role ---------------------------


def test_an_old_digest_reads_as_the_answers_now_only_when_nothing_changed():
    now = {1: batches.Person(1, "eng", batches.digest("x"), batches.legacy_digest("eng", "x"))}
    same = {1: batches.Person(1, "eng", batches.legacy_digest("eng", "x"))}
    other = {1: batches.Person(1, "eng", batches.legacy_digest("eng", "y"))}
    assert releases.upgraded(same, now) == now
    assert releases.as_released(same[1], 1, now[1])
    assert releases.upgraded(other, now) == other  # answers unknown
    assert not releases.as_released(other[1], 1, now[1])
    assert releases.upgraded(same, None) == same
    # Unknown answers: a role change beside them is weighed as a change of answers.
    moved = batches.change(other, {1: batches.Person(1, "pm", now[1].digest)})
    assert moved.moved == {(1, "eng"): 1, (1, "pm"): 1}
    assert not moved.shifted


@pytest.mark.django_db
def test_a_release_stored_with_old_digests_is_read_without_losing_or_showing_anything(
    client, organisation, sample_version, owner
):
    """A round released before answers were digested apart: its people, unchanged, are the
    release's people still (nothing waits, their raw answers stay out); one who changed role
    since is taken as changed, and waits for a batch."""
    from dataclasses import replace

    from assessments.reports import stored
    from assessments.reports.selectors import round_answers

    game = Round(organisation, sample_version, owner, [1])
    client.force_login(owner)
    for _ in range(T + 1):
        game.submit(game.teams[0], "engineer", "agree")
    store.refresh(game.assessment)
    first = game.download(client)
    now = releases.people_of_answers(round_answers(game.assessment))
    row = StoredResult.objects.get(assessment=game.assessment, scope_kind="release")
    old = stored.decode_release(row.data)
    row.data = stored.encode_release(
        replace(old, digests=tuple(now[pk].legacy for pk in old.respondents))
    )
    row.save()
    past = ReleaseHistory.objects.get(assessment=game.assessment)
    kept = history.decode(past.data)
    past.data = history.encode(
        replace(kept, digests=tuple(now[pk].legacy for pk in kept.respondents))
    )
    past.save()
    assert answer_stream.released_people(game.assessment) == frozenset(now)
    game.assessment.refresh_from_db()
    store.refresh(game.assessment)
    assert not store.results_for(game.assessment, store.round_scopes(game.assessment)).held
    assert game.download(client) == first
    # One changes role: their old digest no longer matches, so their answers are unknown.
    services.respondent_set_profile(respondent=game.respondents[0], role="designer")
    store.refresh(game.assessment)
    assert game.download(client) == first
    assert store.results_for(game.assessment, store.round_scopes(game.assessment)).held
