"""People and places of the firms room's tests: a firm serving the organisation, with one
consultant; a rival firm serving another organisation."""

from __future__ import annotations

import pytest

from assessments.firms.models import FirmMember
from assessments.organisations.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.reviews.world import firm_with_consultant


@pytest.fixture
def firm_and_consultant(organisation):
    return firm_with_consultant("Laine Partners", "consultant", organisation)


@pytest.fixture
def firm(firm_and_consultant):
    return firm_and_consultant[0]


@pytest.fixture
def consultant(firm_and_consultant):
    return firm_and_consultant[1]


@pytest.fixture
def rival(db):
    """A consultant of another firm, serving another organisation."""
    return firm_with_consultant("Rival Advisory", "rival", OrganisationFactory(name="Elsewhere"))[1]


@pytest.fixture
def colleague(firm, organisation):
    """A second consultant of the firm, with the consultant membership the firm gives."""
    user = UserFactory(username="colleague")
    FirmMember.objects.create(firm=firm, user=user)
    MembershipFactory(organisation=organisation, user=user, role=Membership.Role.CONSULTANT)
    return user
