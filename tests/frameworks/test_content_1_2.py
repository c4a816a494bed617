"""Content 1.2 and later (issue 28): every statement asked only of people who can judge it,
warning signs and practices at every level, an action for every statement a respondent can
fail, and a questionnaire that any role finishes on a phone in at most 110 taps."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from frameworks import audiences
from frameworks.levels import LEVEL_KEYS
from frameworks.loader import CONTENT_DIR, content_files, cross_check, read_content_file
from frameworks.models import FrameworkVersion
from frameworks.schema import ContentFile

FILES = {read_content_file(path).version: path for path in content_files(CONTENT_DIR)}
DOCS = {label: read_content_file(path) for label, path in FILES.items()}


def _number(label: str) -> tuple[int, ...]:
    return tuple(int(part) for part in label.split("."))


# The rules hold for 1.2 and every version after it; older versions are frozen as they were.
RULED = sorted((label for label in DOCS if _number(label) >= (1, 2)), key=_number)

# Taps on a phone: one per statement, two per activity (who leads it, how well it is done)
# and about ten to start, move between sections and submit.
TAP_BUDGET = 110
NAVIGATION_TAPS = 10
# Statements each role may be asked: product roles are asked the most.
ROLE_BUDGET = {
    "product_manager": 58,
    "product_owner": 58,
    "product_marketing": 58,
    "leadership": 50,
    "engineer": 45,
    "designer": 45,
    "other": 45,
}
# The step of the roadmap that leads past a statement's level.
STEP_PAST = {"immature": "immature-managed", "managed": "immature-managed"}
STEP_PAST["leading"] = "managed-leading"


@pytest.fixture(params=RULED)
def doc(request) -> ContentFile:
    return DOCS[request.param]


def test_the_roles_and_levels_the_budget_and_steps_name_are_the_real_ones():
    assert set(ROLE_BUDGET) == set(audiences.ROLE_KEYS)
    assert set(STEP_PAST) == set(LEVEL_KEYS)
    assert RULED, "no content version from 1.2 on"


def test_every_statement_names_its_audience_in_the_file(doc):
    raw = yaml.safe_load(FILES[doc.version].read_text(encoding="utf-8"))
    missing = [s["key"] for e in raw["enablers"] for s in e["statements"] if "audience" not in s]
    assert not missing, "write the audience out, even when it is everyone"


def test_warning_signs_and_practices_at_every_level_of_every_enabler(doc):
    for enabler in doc.enablers:
        kinds = {(s.level, s.reverse) for s in enabler.statements}
        for level in LEVEL_KEYS:
            assert (level, True) in kinds, f"{enabler.key}: no warning sign at {level}"
            assert (level, False) in kinds, f"{enabler.key}: no practice at {level}"


def test_every_statement_is_moved_by_an_action_on_the_step_past_its_level(doc):
    moved = {(r.enabler, r.step, key) for r in doc.recommendations for key in r.moves.statements}
    unmoved = [
        s.key
        for e in doc.enablers
        for s in e.statements
        if (e.key, STEP_PAST[s.level], s.key) not in moved
    ]
    assert not unmoved, "each needs an action of its enabler on the step past its level"
    assert all(r.first_step for r in doc.recommendations)


def test_no_role_is_asked_more_than_its_share_of_the_tap_budget(doc):
    asked: Counter[str] = Counter()
    for enabler in doc.enablers:
        for statement in enabler.statements:
            asked.update(audiences.roles_asked(statement.audience))
    activities = sum(len(area.all_activities()) for area in doc.activities.areas)
    for role, budget in ROLE_BUDGET.items():
        assert asked[role] <= budget, (role, asked[role])
        assert asked[role] + 2 * activities + NAVIGATION_TAPS <= TAP_BUDGET, role
    # Someone who can judge every statement is asked it: no statement for no one.
    assert max(asked.values()) == sum(len(e.statements) for e in doc.enablers)


def test_nothing_refers_to_a_key_the_file_does_not_have(doc):
    # Dial inputs, what enablers depend on, what actions move and require, persona keys.
    assert cross_check(doc) == []


# --- 1.2 against 1.1: keys kept where the meaning was kept -------------------------------

# Kept from 1.1 with the same meaning (some moved level or gained an audience).
KEPT = {
    "pl-firefighting", "pl-decided-elsewhere", "pl-business-owner", "pl-charter", "pl-sponsor",
    "pl-turns-down", "pl-vision-written", "pl-outcomes", "pl-pnl-owned",
    "pl-results-via-others", "sr-deal-driven", "sr-just-do-it", "sr-strategy-written",
    "sr-pm-owns-roadmap", "sr-goals-linked", "sr-feature-list", "sr-portfolio-compare",
    "sr-withdraw", "sr-first-version-left", "mc-unchecked-requests", "mc-loudest-voice",
    "mc-competitor-file", "mc-customer-contact", "mc-insight-shared", "mc-test-assumptions",
    "mc-solution-first", "mc-segments", "mc-win-loss-acted", "pt-own-way", "pt-no-numbers",
    "pt-kpis", "pt-lifecycle", "pt-release-surprise", "pt-product-ops", "pt-measures-act",
    "pt-sales-self-serve", "pr-titles-loose", "pr-order-takers", "pr-reporting-line",
    "pr-pm-po-written", "pr-marketing-written", "pr-po-line", "pr-career-path",
    "pr-community", "pr-trusted-to-decide", "pr-promoted-out",
}  # fmt: skip
# 1.1 key -> the 1.2 key of the statement that took its place with a new meaning.
RENAMED = {
    "pl-no-reversed": "pl-approval-needed",
    "sr-change-process": "sr-change-tradeoff",
    "mc-discovery-confirms": "mc-tests-rarely-change",
    "pt-templates": "pt-launch-checklist",
    "pt-tools-unchanged": "pt-fix-after-failure",
    "pr-backlog-bound": "pr-ticket-bound",
}
NEW = {
    *RENAMED.values(),
    "pl-owns-results", "sr-debt-planned", "sr-outcome-goals", "mc-churn-asked",
    "mc-experiments", "pt-release-usage",
}  # fmt: skip
REMOVED = {
    "pl-gap-filler", "pl-consulted", "pl-vision-retold", "sr-case-tracked", "sr-build-once",
    "sr-plan-lessons", "sr-value-pricing", "sr-changes-internal", "mc-competitors-reactive",
    "mc-win-loss-held", "mc-market-expert", "pt-reinvent", "pt-catalogue",
    "pt-measures-reviewed", "pt-pnl", "pr-learn-alone", "pr-onboarding", "pr-training",
    "pr-top-table",
}  # fmt: skip


def _statements(label: str) -> dict[str, tuple[str, bool]]:
    return {s.key: (s.text, s.reverse) for e in DOCS[label].enablers for s in e.statements}


def test_1_2_keeps_the_keys_whose_meaning_it_kept_and_lists_every_change_in_its_header():
    old, new = _statements("1.1"), _statements("1.2")
    assert set(new) == KEPT | NEW
    assert set(old) == KEPT | REMOVED | set(RENAMED)
    # A kept key keeps its words and its direction; only its level, help or audience moved.
    assert [k for k in KEPT if old[k] != new[k]] == []
    earlier = {key for label in DOCS if _number(label) < (1, 2) for key in _statements(label)}
    assert not NEW & earlier, "a new meaning never reuses a key an earlier version had"
    header = FILES["1.2"].read_text(encoding="utf-8").split("\nframework:")[0]
    for old_key, new_key in RENAMED.items():
        assert f"{old_key} -> {new_key}" in header
    assert all(key in header for key in NEW | REMOVED)


@pytest.mark.usefixtures("no_content")
def test_1_2_loads_with_load_frameworks_and_loading_again_changes_nothing():
    out = StringIO()
    path = str(FILES["1.2"])
    call_command("load_frameworks", path, stdout=out)
    call_command("load_frameworks", path, stdout=out)
    assert out.getvalue().splitlines() == ["pm-maturity 1.2: created", "pm-maturity 1.2: unchanged"]
    version = FrameworkVersion.objects.get(framework__slug="pm-maturity", label="1.2")
    stored = Counter(version.statement_set.values_list("audience", flat=True))
    assert sum(stored.values()) == 58
    assert stored["product,leadership"] == 14
    assert stored["product,designer,engineer"] == 8
