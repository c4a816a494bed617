"""The webhooks pages: adding an endpoint (with addresses we refuse, said plainly), its
secret, a test event, the delivery log and retrying from it; query counts stay flat."""

from __future__ import annotations

import json

import pytest
from standardwebhooks.webhooks import Webhook

from assessments.models import Membership
from assessments.webhooks import events
from assessments.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.background import run_tasks
from tests.factories import MembershipFactory, OrganisationFactory
from tests.webhooks.world import endpoint_for

pytestmark = pytest.mark.django_db

Status = WebhookDelivery.Status


@pytest.fixture
def org():
    return OrganisationFactory(name="Acme")


@pytest.fixture
def admin_client(client, org):
    admin = MembershipFactory(organisation=org, role=Membership.Role.ADMIN).user
    client.force_login(admin)
    return client


def _add(client, org, url: str, events_: list[str] | None = None):
    return client.post(
        f"/o/{org.slug}/webhooks/new/",
        {"url": url, "events": events_ if events_ is not None else ["round.closed"]},
    )


def test_the_empty_page_explains_webhooks_with_an_example_and_how_to_verify(admin_client, org):
    page = admin_client.get(f"/o/{org.slug}/webhooks/").content.decode()
    assert "No endpoints yet" in page
    assert "What an event looks like" in page
    assert "&quot;type&quot;: &quot;round.closed&quot;" in page
    assert "webhook-signature" in page
    assert "webhook.verify(request_body_bytes, request_headers)" in page
    # The organisation's page links to it for managers.
    assert f'href="/o/{org.slug}/webhooks/"' in admin_client.get(f"/o/{org.slug}/").content.decode()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://93.184.215.14/hooks", "must start with https://"),
        ("https://127.0.0.1/hooks", "inside a private network"),
        ("https://10.1.2.3/hooks", "inside a private network"),
        ("https://169.254.169.254/latest/meta-data", "inside a private network"),
        ("https://[::1]/hooks", "inside a private network"),
        ("https://[::ffff:192.168.0.1]/hooks", "inside a private network"),
        ("https://93.184.215.14:99999/hooks", "not a web address we can read"),
        ("https://[not-an-address/hooks", "not a web address we can read"),
        ("https:///hooks", "needs a host name"),
        ("https://user:pw@93.184.215.14/", "user name and password"),
        ("https://no-such-host.invalid/hooks", "couldn&#x27;t find the host"),
        ("javascript:alert(1)", "must start with https://"),
        ("", "Give the address"),
    ],
)
def test_an_address_we_refuse_is_a_form_error_never_a_5xx(admin_client, org, url, says):
    response = _add(admin_client, org, url)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_events_must_be_chosen_and_known(admin_client, org):
    assert _add(admin_client, org, "https://93.184.215.14/h", []).status_code == 400
    assert _add(admin_client, org, "https://93.184.215.14/h", ["nope.event"]).status_code == 400
    assert not WebhookEndpoint.objects.exists()


def test_adding_an_endpoint_shows_its_secret_and_rolling_changes_it(admin_client, org):
    response = _add(
        admin_client, org, "https://93.184.215.14/hooks", ["round.opened", "round.closed"]
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/o/{org.slug}/webhooks/{endpoint.pk}/"
    assert endpoint.events == ["round.opened", "round.closed"]
    assert endpoint.secret.startswith("whsec_")
    page = admin_client.get(response["Location"]).content.decode()
    assert endpoint.secret in page
    assert "Send a test event" in page
    old = endpoint.secret
    admin_client.post(f"/o/{org.slug}/webhooks/{endpoint.pk}/roll-secret/")
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert endpoint.secret.startswith("whsec_")


def test_turning_an_endpoint_back_on_clears_why_it_was_off(admin_client, org):
    endpoint = endpoint_for(org, "https://93.184.215.14/hooks")
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        is_active=False, disabled_reason="Turned off: 410 Gone."
    )
    response = admin_client.post(
        f"/o/{org.slug}/webhooks/{endpoint.pk}/edit/",
        {"url": "https://93.184.215.14/v2", "events": ["results.refreshed"], "is_active": "on"},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.url, endpoint.events, endpoint.is_active, endpoint.disabled_reason) == (
        "https://93.184.215.14/v2",
        ["results.refreshed"],
        True,
        "",
    )


def test_the_test_button_sends_a_signed_test_event_shown_in_the_log(
    admin_client, org, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(org, receiver.url, only=[events.ROUND_OPENED])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/o/{org.slug}/webhooks/{endpoint.pk}/test/")
    assert response.status_code == 302
    run_tasks()
    [got] = receiver.requests
    event = Webhook(endpoint.secret).verify(got.body, got.headers)
    assert event["type"] == "webhook.test"
    assert event["data"]["endpoint"] == {"id": endpoint.pk, "url": receiver.url}
    page = admin_client.get(f"/o/{org.slug}/webhooks/{endpoint.pk}/").content.decode()
    assert "webhook.test" in page
    assert "<strong>200</strong>" in page
    assert "status 200 from the test receiver" in page
    # A turned-off endpoint is told so rather than sent to.
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    followed = admin_client.post(f"/o/{org.slug}/webhooks/{endpoint.pk}/test/", follow=True)
    assert "Turn the endpoint on" in followed.content.decode()
    assert WebhookDelivery.objects.count() == 1


def test_a_failed_delivery_can_be_retried_now(
    admin_client, org, receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(org, receiver.url)
    receiver.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/o/{org.slug}/webhooks/{endpoint.pk}/test/")
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=Status.FAILED)  # given up
    page = admin_client.get(f"/o/{org.slug}/webhooks/{endpoint.pk}/").content.decode()
    assert "Retry now" in page
    assert "<strong>500</strong>" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/o/{org.slug}/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/retry/"
        )
    assert response.status_code == 302
    run_tasks()
    delivery.refresh_from_db()
    assert delivery.status == Status.SUCCEEDED
    assert delivery.attempts == 2
    # A delivered one cannot be retried.
    followed = admin_client.post(
        f"/o/{org.slug}/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/retry/", follow=True
    )
    assert "Only a failed delivery" in followed.content.decode()


def test_deleting_an_endpoint_deletes_its_log(admin_client, org):
    endpoint = endpoint_for(org, "https://93.184.215.14/hooks")
    WebhookDelivery.objects.create(
        endpoint=endpoint, event="round.closed", message_id="m1", body="{}"
    )
    assert admin_client.get(f"/o/{org.slug}/webhooks/{endpoint.pk}/delete/").status_code == 200
    response = admin_client.post(f"/o/{org.slug}/webhooks/{endpoint.pk}/delete/")
    assert response["Location"] == f"/o/{org.slug}/webhooks/"
    assert not WebhookEndpoint.objects.exists()
    assert not WebhookDelivery.objects.exists()


def _many(org, endpoints: int, deliveries: int) -> WebhookEndpoint:
    made = [endpoint_for(org, f"https://93.184.215.14/{i}") for i in range(endpoints)]
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=made[0],
            event="round.closed",
            message_id=f"msg_{i}",
            body=json.dumps({"i": i}),
            status=Status.FAILED if i % 2 else Status.SUCCEEDED,
            attempts=1,
            last_status_code=500 if i % 2 else 200,
            last_response="x" * 1000,
        )
        for i in range(deliveries)
    )
    return made[0]


def test_the_list_and_log_pages_cost_the_same_queries_however_many_rows(
    admin_client, org, django_assert_max_num_queries
):
    first = _many(org, 2, 4)
    with django_assert_max_num_queries(8) as few:
        admin_client.get(f"/o/{org.slug}/webhooks/")
    with django_assert_max_num_queries(8) as few_log:
        admin_client.get(f"/o/{org.slug}/webhooks/{first.pk}/")
    WebhookEndpoint.objects.all().delete()
    first = _many(org, 12, 80)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = admin_client.get(f"/o/{org.slug}/webhooks/").content.decode()
    assert page.count("failed deliver") == 1  # only the first endpoint has failures
    with django_assert_max_num_queries(len(few_log.captured_queries)):
        log = admin_client.get(f"/o/{org.slug}/webhooks/{first.pk}/").content.decode()
    assert log.count("Retry now") == 25  # the latest 50 shown, half of them failed
