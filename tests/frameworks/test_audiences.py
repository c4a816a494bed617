"""Statement audiences: the names a content file may use, how they are stored and read."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from frameworks import audiences
from frameworks.models import Statement
from frameworks.models.content import validate_audience

PRODUCT = {"product_manager", "product_owner", "product_marketing"}


@pytest.mark.parametrize(
    ("written", "stored", "roles", "words"),
    [
        ("everyone", "everyone", set(audiences.ROLE_KEYS), "everyone"),
        ("product", "product", PRODUCT, "product people"),
        ("leadership", "leadership", {"leadership"}, "leadership"),
        (
            ["leadership", "product"],
            "product,leadership",
            PRODUCT | {"leadership"},
            "product people and leadership",
        ),
        (
            ["engineer", "designer", "product"],
            "product,designer,engineer",
            PRODUCT | {"engineer", "designer"},
            "product people, designers and engineers",
        ),
        # Every member of a group is the group; a role inside a listed group adds nothing.
        (
            ["product_owner", "product_manager", "product_marketing"],
            "product",
            PRODUCT,
            "product people",
        ),
        (["product", "product_owner"], "product", PRODUCT, "product people"),
        (
            ["product_owner", "engineer"],
            "product_owner,engineer",
            {"product_owner", "engineer"},
            "product owners and engineers",
        ),
        (list(audiences.ROLE_KEYS), "everyone", set(audiences.ROLE_KEYS), "everyone"),
        (["everyone", "leadership"], "everyone", set(audiences.ROLE_KEYS), "everyone"),
        (
            "product, leadership",
            "product,leadership",
            PRODUCT | {"leadership"},
            "product people and leadership",
        ),
    ],
)
def test_an_audience_is_stored_one_way_and_read_in_plain_words(written, stored, roles, words):
    assert audiences.canonical(written) == stored
    assert audiences.roles_asked(stored) == roles
    assert audiences.label(stored) == words
    statement = Statement(audience=stored)
    assert (statement.roles_asked, statement.audience_label) == (roles, words)
    assert statement.for_everyone == (stored == "everyone")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("leaders", "unknown audience 'leaders'"),
        (["product", "enginer"], "unknown audience 'enginer'"),
        ([], "an audience must name someone"),
        ("", "an audience must name someone"),
    ],
)
def test_an_unknown_name_says_which_names_there_are(written, message):
    with pytest.raises(audiences.UnknownAudience) as caught:
        audiences.canonical(written)
    assert message in str(caught.value)
    assert "product, leadership" in str(caught.value)
    assert "engineer" in str(caught.value)


def test_respondent_roles_are_the_audience_roles_with_their_stored_values():
    from assessments.rounds.models import Respondent

    assert Respondent.Role is audiences.Role
    assert Respondent.Role.values == [
        "product_manager",
        "product_owner",
        "designer",
        "engineer",
        "product_marketing",
        "leadership",
        "other",
    ]
    assert Respondent.PRODUCT_ROLES == PRODUCT


def test_the_admin_refuses_an_audience_it_cannot_store():
    validate_audience("product,leadership")
    with pytest.raises(ValidationError, match="Unknown audience 'bosses'"):
        validate_audience("bosses")
    with pytest.raises(ValidationError, match="Write this audience as 'product,leadership'"):
        validate_audience("leadership,product")
