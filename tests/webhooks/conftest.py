from __future__ import annotations

import pytest

from tests.webhooks.receiver import running_receiver


@pytest.fixture
def receiver(tmp_path, settings):
    """A real HTTPS receiver on loopback, trusted and allowed for this test."""
    for running in running_receiver(tmp_path):
        settings.WEBHOOKS_CA_BUNDLE = str(running.ca_path)
        settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
        yield running
