"""People and versions of the questionnaires room: an organisation served by a firm (with a
consultant), a second client of the same firm, a rival firm's client, and a draft adapted
for the organisation from the small sample version."""

from __future__ import annotations

import pytest

from assessments.organisations.models import Membership
from assessments.questionnaires import services
from tests.factories import MembershipFactory, OrganisationFactory
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
def second_client(firm, consultant):
    """Another client of the same firm: the firm's consultant is a consultant there too."""
    from assessments.firms.models import FirmClient

    other = OrganisationFactory(name="Beta Retail")
    MembershipFactory(organisation=other, user=consultant, role=Membership.Role.CONSULTANT)
    FirmClient.objects.create(firm=firm, organisation=other, created_by=consultant)
    return other


@pytest.fixture
def rival(db):
    """A consultant of another firm, and the organisation that firm serves."""
    client = OrganisationFactory(name="Rival's Client")
    _firm, user = firm_with_consultant("Rival Advisory", "rival", client)
    return user, client


@pytest.fixture
def draft(sample_version, organisation):
    """A draft adapted for the organisation from the sample version."""
    return services.questionnaire_fork(
        base=sample_version, label="0.1-acme", organisation=organisation
    )
