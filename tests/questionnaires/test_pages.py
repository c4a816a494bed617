"""The questionnaires pages as an organisation's admin, the firm's consultant and people of
other organisations see them: who sees which version, who may change it, and bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.questionnaires import services
from frameworks import models as fm

pytestmark = pytest.mark.django_db


def room(org):
    return reverse("orgs:questionnaires", args=[org.slug])


def page(org, version, name="orgs:questionnaire", *args):
    return reverse(name, args=[org.slug, version.pk, *args])


def statement(version, key="p-charter"):
    return fm.Statement.objects.get(version=version, key=key)


def test_the_room_lists_what_the_organisation_may_use_and_nothing_else(
    client, owner, organisation, sample_version, draft, firm, rival, outsider
):
    firm_fork = services.questionnaire_fork(base=sample_version, label="0.1-laine", firm=firm)
    _rival, rival_client = rival
    theirs = services.questionnaire_fork(
        base=sample_version, label="0.1-theirs", organisation=rival_client
    )
    public_draft = fm.FrameworkVersion.objects.create(
        framework=sample_version.framework, label="0.2-draft"
    )
    client.force_login(owner)
    html = client.get(room(organisation)).content.decode()
    for shown in (sample_version, draft, firm_fork):
        assert page(organisation, shown) in html
    for hidden in (theirs, public_draft):
        assert page(organisation, hidden) not in html
        assert client.get(page(organisation, hidden)).status_code == 404
    assert "For the clients of Laine Partners" in html
    assert "Our firm" not in html  # a client's admin adapts for the organisation only


def test_people_who_do_not_run_the_organisation_are_refused(
    client, member, outsider, organisation, draft
):
    client.force_login(member)
    response = client.get(room(organisation))
    assert response.status_code == 403
    assert client.get(page(organisation, draft)).status_code == 403
    client.force_login(outsider)
    assert client.get(room(organisation)).status_code == 404
    assert client.get(page(organisation, draft)).status_code == 404


def test_an_admin_adapts_a_published_version_for_the_organisation(
    client, owner, organisation, sample_version
):
    client.force_login(owner)
    form = client.get(f"{room(organisation)}?base={sample_version.pk}").context["form"]
    assert form.initial["base"] == sample_version
    response = client.post(
        reverse("orgs:questionnaire_fork", args=[organisation.slug]),
        {"base": sample_version.pk, "label": "0.1-ours", "owner": "organisation"},
    )
    fork = fm.FrameworkVersion.objects.get(label="0.1-ours")
    assert response["Location"] == page(organisation, fork)
    assert (fork.organisation, fork.firm, fork.status) == (organisation, None, "draft")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"label": "0.1"}, "already has a version 0.1"),
        ({"label": "a b/c"}, "letters, digits, dots and dashes"),
        ({"base": ""}, "This field is required"),
        ({"label": "x" * 30}, "at most 20 characters"),
        ({"owner": "firm"}, "Select a valid choice"),  # not a consultant of a firm here
        ({"base": "99999999999999999999"}, "Select a valid choice"),
    ],
)
def test_fork_mistakes_are_explained(client, owner, organisation, sample_version, body, message):
    client.force_login(owner)
    data = {"base": sample_version.pk, "label": "0.1-new", "owner": "organisation", **body}
    before = fm.FrameworkVersion.objects.count()
    response = client.post(reverse("orgs:questionnaire_fork", args=[organisation.slug]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert fm.FrameworkVersion.objects.count() == before


def test_a_label_left_empty_is_named_after_who_the_version_is_for(
    client, consultant, organisation, sample_version, firm
):
    client.force_login(consultant)
    url = reverse("orgs:questionnaire_fork", args=[organisation.slug])
    client.post(url, {"base": sample_version.pk, "label": "", "owner": "organisation"})
    client.post(url, {"base": sample_version.pk, "label": " ", "owner": "firm"})
    labels = dict(
        fm.FrameworkVersion.objects.filter(forked_from=sample_version).values_list("label", "firm")
    )
    # The firm's version reaches every client: it never carries this client's name.
    assert labels == {"0.1-acme-products": None, "0.1-laine": firm.pk}


def test_another_organisations_fork_cannot_be_the_base(
    client, owner, organisation, sample_version, rival
):
    theirs = services.questionnaire_fork(base=sample_version, label="0.1-th", organisation=rival[1])
    services.questionnaire_publish(version=theirs)
    client.force_login(owner)
    response = client.post(
        reverse("orgs:questionnaire_fork", args=[organisation.slug]),
        {"base": theirs.pk, "label": "0.1-copy", "owner": "organisation"},
    )
    assert response.status_code == 400
    assert not fm.FrameworkVersion.objects.filter(label="0.1-copy").exists()


def test_a_consultant_adapts_for_the_firm_and_every_client_sees_it(
    client, consultant, owner, organisation, second_client, sample_version, rival, firm
):
    client.force_login(consultant)
    html = client.get(room(organisation)).content.decode()
    assert "Our firm, Laine Partners, for all our clients" in html
    client.post(
        reverse("orgs:questionnaire_fork", args=[organisation.slug]),
        {"base": sample_version.pk, "label": "0.1-laine", "owner": "firm"},
    )
    fork = fm.FrameworkVersion.objects.get(label="0.1-laine")
    assert (fork.firm, fork.organisation) == (firm, None)
    # The firm's consultant changes it from another client too.
    edit = page(second_client, fork, "orgs:questionnaire_statement_edit", statement(fork).pk)
    level = fm.Level.objects.get(version=fork, key="managed")
    response = client.post(
        edit,
        {
            "text": "We have a charter.",
            "level": level.pk,
            "audience": "everyone",
            "meaning": "same",
        },
    )
    assert response.status_code == 302
    assert statement(fork).text == "We have a charter."
    # The client's admin reads it and previews it, but may not change or publish it.
    client.force_login(owner)
    assert client.get(page(organisation, fork)).status_code == 200
    assert client.get(page(organisation, fork, "orgs:questionnaire_preview")).status_code == 200
    refused = client.get(
        page(organisation, fork, "orgs:questionnaire_statement_edit", statement(fork).pk)
    )
    assert refused.status_code == 403
    assert client.post(page(organisation, fork, "orgs:questionnaire_publish")).status_code == 403
    assert fm.FrameworkVersion.objects.get(pk=fork.pk).status == "draft"
    # Another firm's consultant never sees it.
    rival_user, rival_client = rival
    client.force_login(rival_user)
    assert page(rival_client, fork) not in client.get(room(rival_client)).content.decode()
    assert client.get(page(rival_client, fork)).status_code == 404


def test_the_draft_page_shows_its_content_with_buttons_to_change_it(
    client, owner, organisation, draft
):
    client.force_login(owner)
    html = client.get(page(organisation, draft)).content.decode()
    assert "We have a written charter." in html
    assert "Mostly firefighting." in html  # a level descriptor
    for name in ("orgs:questionnaire_statement_edit", "orgs:questionnaire_statement_remove"):
        assert page(organisation, draft, name, statement(draft).pk) in html
    assert page(organisation, draft, "orgs:questionnaire_publish") in html


def test_statements_are_added_edited_moved_and_removed_through_the_pages(
    client, owner, organisation, draft
):
    client.force_login(owner)
    managed = fm.Level.objects.get(version=draft, key="managed")
    add = page(organisation, draft, "orgs:questionnaire_statement_add") + "?enabler=purpose"
    assert client.get(add).status_code == 200
    response = client.post(
        add, {"text": "We meet customers monthly.", "level": managed.pk, "audience": "everyone"}
    )
    assert response.status_code == 302
    added = fm.Statement.objects.get(version=draft, text="We meet customers monthly.")
    assert added.key.endswith("-c1")
    move = page(organisation, draft, "orgs:questionnaire_statement_move", added.pk)
    client.post(move, {"direction": "up"})
    keys = list(
        fm.Statement.objects.filter(version=draft)
        .order_by("order", "pk")
        .values_list("key", flat=True)
    )
    assert keys[-2] == added.key
    client.post(page(organisation, draft, "orgs:questionnaire_statement_remove", added.pk))
    assert not fm.Statement.objects.filter(pk=added.pk).exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": ""}, "This field is required"),
        ({"text": "   "}, "This field is required"),
        ({"text": "x" * 201}, "at most 200 characters"),
        ({"level": "not-a-level"}, "Select a valid choice"),
        ({"audience": "robots"}, "Select a valid choice"),
        ({"audience": "roles"}, "Tick at least one role, or choose another answer"),
        ({"audience": "roles", "roles": ["robots"]}, "Select a valid choice"),
        ({"roles": ["engineer"]}, "You ticked roles: choose “Only the roles I pick below”"),
    ],
)
def test_statement_mistakes_are_explained(client, owner, organisation, draft, body, message):
    client.force_login(owner)
    managed = fm.Level.objects.get(version=draft, key="managed")
    data = {"text": "We write it down.", "level": managed.pk, "audience": "everyone", **body}
    url = page(organisation, draft, "orgs:questionnaire_statement_edit", statement(draft).pk)
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert statement(draft).text == "We have a written charter."


def test_an_editor_chooses_who_is_asked_a_statement(client, owner, organisation, draft):
    client.force_login(owner)
    target = statement(draft)
    url = page(organisation, draft, "orgs:questionnaire_statement_edit", target.pk)
    body = {"text": target.text, "level": target.level_id, "meaning": "same"}

    assert client.post(url, {**body, "audience": "product,leadership"}).status_code == 302
    assert statement(draft).audience == "product,leadership"
    html = client.get(page(organisation, draft)).content.decode()
    assert "Product people and leadership only" in html

    picked = {**body, "audience": "roles", "roles": ["engineer", "designer", "product_owner"]}
    assert client.post(url, picked).status_code == 302
    assert statement(draft).audience == "product_owner,designer,engineer"
    html = client.get(page(organisation, draft)).content.decode()
    assert "Product owners, designers and engineers only" in html
    # Opened again, the form shows the roles picked.
    form = client.get(url).context["form"]
    assert (form.initial["audience"], form.initial["roles"]) == (
        "roles",
        ["product_owner", "designer", "engineer"],
    )
    # Picking every product role is product people.
    every = {**picked, "roles": ["product_manager", "product_owner", "product_marketing"]}
    assert client.post(url, every).status_code == 302
    assert statement(draft).audience == "product"


def test_a_level_of_another_version_is_refused(client, owner, organisation, draft, sample_version):
    client.force_login(owner)
    theirs = fm.Level.objects.get(version=sample_version, key="managed")
    url = page(organisation, draft, "orgs:questionnaire_statement_edit", statement(draft).pk)
    response = client.post(
        url, {"text": "We write it down.", "level": theirs.pk, "audience": "everyone"}
    )
    assert response.status_code == 400
    assert statement(draft).text == "We have a written charter."


def test_a_published_version_is_refused_with_a_message_never_an_error(
    client, owner, organisation, draft
):
    services.questionnaire_publish(version=draft)
    client.force_login(owner)
    target = statement(draft)
    edit = page(organisation, draft, "orgs:questionnaire_statement_edit", target.pk)
    response = client.get(edit, follow=True)
    assert "is published and can no longer change" in response.content.decode()
    response = client.post(
        page(organisation, draft, "orgs:questionnaire_statement_remove", target.pk), follow=True
    )
    assert response.status_code == 200
    assert "can no longer change" in response.content.decode()
    assert fm.Statement.objects.filter(pk=target.pk).exists()
    html = client.get(page(organisation, draft)).content.decode()
    assert page(organisation, draft, "orgs:questionnaire_statement_remove", target.pk) not in html


def test_an_item_of_another_version_is_a_404(client, owner, organisation, draft, sample_version):
    client.force_login(owner)
    base_statement = statement(sample_version)
    url = page(organisation, draft, "orgs:questionnaire_statement_edit", base_statement.pk)
    assert client.get(url).status_code == 404
    add = page(organisation, draft, "orgs:questionnaire_statement_add") + "?enabler=nope"
    assert client.get(add).status_code == 404


def test_the_preview_shows_the_draft_as_a_respondent_sees_it_and_saves_nothing(
    client, owner, organisation, draft
):
    client.force_login(owner)
    url = page(organisation, draft, "orgs:questionnaire_preview")
    html = client.get(url).content.decode()
    assert "Preview — answers are not saved" in html
    assert "We spend most days on urgent requests." in html
    assert "Don&#x27;t know" in html or "Don't know" in html
    assert "disabled" in html
    assert "csrfmiddlewaretoken" not in html.split('id="main"')[1]  # no form to send
    assert client.get(url + "?section=nope").status_code == 404


def test_publishing_from_the_page(client, owner, organisation, draft):
    client.force_login(owner)
    response = client.post(page(organisation, draft, "orgs:questionnaire_publish"), follow=True)
    assert "is published: new rounds in Acme Products can use it" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "published"


def test_the_organisation_page_links_managers_to_the_questionnaires(
    client, owner, member, organisation
):
    client.force_login(owner)
    assert room(organisation) in client.get(f"/o/{organisation.slug}/").content.decode()
    client.force_login(member)
    assert room(organisation) not in client.get(f"/o/{organisation.slug}/").content.decode()


def test_the_draft_page_costs_the_same_however_long_the_questionnaire(
    client, owner, organisation, draft, django_assert_max_num_queries
):
    client.force_login(owner)
    url = page(organisation, draft)
    client.get(url)
    with django_assert_max_num_queries(14) as small:  # 11 today
        client.get(url)
    managed = fm.Level.objects.get(version=draft, key="managed")
    enabler = fm.Enabler.objects.get(version=draft, key="purpose")
    for n in range(5):
        services.statement_add(enabler=enabler, level=managed, text=f"We do thing {n}.")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
