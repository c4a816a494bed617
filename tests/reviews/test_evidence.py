"""Evidence: notes, links and documents, checked by content and size, kept in storage and
served only to those who may see the review."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.reviews import uploads
from assessments.reviews.models import Evidence
from tests.reviews.world import PDF_BYTES

pytestmark = pytest.mark.django_db


def add_url(world):
    return f"/o/{world['org']}/reviews/{world['review']}/evidence/new/"


def office(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return out.getvalue()


def upload(client, world, name, content, **extra):
    body = {
        "kind": "document",
        "enabler": world["enabler_key"],
        "title": "A document",
        "document": SimpleUploadedFile(name, content, content_type="application/pdf"),
        **extra,
    }
    return client.post(add_url(world), body)


@pytest.fixture
def consultant(client, world):
    client.force_login(world["users"]["consultant"])
    return client


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", PDF_BYTES, "application/pdf"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
        ("notes.txt", "Interview notes, café\n".encode(), "text/plain"),
        ("scores.csv", b"team,score\nCheckout,3\n", "text/csv"),
        ("roles.docx", office("word/document.xml"), uploads.DOCX.content_type),
        ("plan.xlsx", office("xl/workbook.xml"), uploads.XLSX.content_type),
        ("deck.pptx", office("ppt/presentation.xml"), uploads.PPTX.content_type),
        ("misnamed.png", PDF_BYTES, "application/pdf"),  # what it is, not what it is called
    ],
)
def test_accepted_documents_are_stored_with_the_type_of_their_content(
    consultant, world, name, content, kind
):
    response = upload(consultant, world, name, content)
    assert response.status_code == 302, response.content
    evidence = Evidence.objects.get(title="A document")
    assert evidence.content_type == kind
    assert evidence.size == len(content)
    assert evidence.document.name.startswith(f"reviews/{world['review']}/evidence/")
    assert name not in (evidence.document.name or "")  # stored under a name of our own
    # Downloaded by the name it came with, unless that name claims another type.
    assert evidence.document_name == ("misnamed.pdf" if name == "misnamed.png" else name)
    with evidence.document.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"<!doctype html><html><script>alert(1)</script></html>"),
        ("image.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
        ("archive.docx", office("something/else.xml")),  # a zip, but no Word document
        ("broken.docx", b"PK\x03\x04not really a zip"),
        ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00binary\x00"),
        ("empty.txt", b""),
    ],
)
def test_documents_of_another_type_are_refused_by_content(consultant, world, name, content):
    response = upload(consultant, world, name, content)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "document" in errors
    assert not Evidence.objects.filter(title="A document").exists()


def test_a_document_too_large_is_refused_with_the_limit(consultant, world, settings):
    settings.REVIEW_EVIDENCE_MAX_BYTES = 1024 * 1024
    response = upload(consultant, world, "big.pdf", PDF_BYTES + b" " * (1024 * 1024))
    assert response.status_code == 400
    assert "too large: at most 1 MB" in response.context["form"].errors["document"][0]
    assert not Evidence.objects.filter(title="A document").exists()


def test_notes_and_links_need_their_text_and_an_http_address(consultant, world):
    body = {"enabler": world["enabler_key"], "title": "T"}
    response = consultant.post(add_url(world), {**body, "kind": "note", "text": " "})
    assert response.context["form"].errors["text"] == ["Write the note."]
    for url in ("javascript:alert(1)", "ftp://files.example.com/x", "not a url"):
        response = consultant.post(add_url(world), {**body, "kind": "link", "url": url})
        assert response.status_code == 400, url
        assert "url" in response.context["form"].errors, url
    response = consultant.post(
        add_url(world), {**body, "kind": "link", "url": "https://wiki.example.com/roles"}
    )
    assert response.status_code == 302
    assert Evidence.objects.get(title="T").url == "https://wiki.example.com/roles"


def test_the_enabler_and_statement_must_be_the_rounds_own(consultant, world):
    body = {"kind": "note", "title": "T", "text": "x"}
    response = consultant.post(add_url(world), {**body, "enabler": "no-such-enabler"})
    assert response.status_code == 400
    assert "enabler" in response.context["form"].errors
    response = consultant.post(
        add_url(world), {**body, "enabler": world["enabler_key"], "statement": "no-such"}
    )
    assert response.status_code == 400
    assert "statement" in response.context["form"].errors
    assert not Evidence.objects.filter(title="T").exists()


def test_the_form_comes_with_the_enabler_and_statement_asked_for(consultant, world):
    response = consultant.get(
        f"{add_url(world)}?enabler={world['enabler_key']}&statement={world['statement_key']}"
    )
    form = response.context["form"]
    assert form.initial == {"enabler": world["enabler_key"], "statement": world["statement_key"]}
    response = consultant.get(f"{add_url(world)}?enabler=unknown&statement=x")
    assert response.context["form"].initial == {}


def file_url(world, org=None, pk=None):
    return (
        f"/o/{org or world['org']}/reviews/{world['review']}/evidence/"
        f"{pk or world['document']}/file"
    )


@pytest.mark.parametrize("role", ["consultant", "owner"])
def test_the_document_is_served_as_a_private_attachment(client, world, role):
    client.force_login(world["users"][role])
    response = client.get(file_url(world))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="roles.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_the_document_is_refused_to_everyone_else(client, world):
    for role, status in (("member", 403), ("team_lead", 403), ("rival", 404), ("staff", 404)):
        client.force_login(world["users"][role])
        assert client.get(file_url(world)).status_code == status, role
    client.force_login(world["users"]["owner"])
    assert client.get(file_url(world, pk=world["evidence"])).status_code == 404  # a note
    client.logout()
    assert client.get(file_url(world)).status_code == 302


def own_document(world) -> Evidence:
    """A document of this test's own: the world's file is shared by the whole module, and
    a file removed from storage is not rolled back with the database."""
    evidence = Evidence(
        review_id=world["review"],
        kind="document",
        enabler_key=world["enabler_key"],
        title="Mine",
        document_name="mine.pdf",
        content_type="application/pdf",
    )
    evidence.document.save("mine.pdf", ContentFile(PDF_BYTES), save=True)
    return evidence


def test_a_file_gone_from_storage_is_a_404_not_an_error(client, world):
    evidence = own_document(world)
    default_storage.delete(evidence.document.name)
    client.force_login(world["users"]["owner"])
    assert client.get(file_url(world, pk=evidence.pk)).status_code == 404


def test_removing_a_document_deletes_its_file_once_committed(
    consultant, world, django_capture_on_commit_callbacks
):
    evidence = own_document(world)
    name = evidence.document.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = consultant.post(
            f"/o/{world['org']}/reviews/{world['review']}/evidence/{evidence.pk}/delete/"
        )
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not default_storage.exists(name)


def test_evidence_a_standing_moderation_rests_on_stays(consultant, world):
    response = consultant.post(
        f"/o/{world['org']}/reviews/{world['review']}/evidence/{world['evidence']}/delete/"
    )
    assert response.status_code == 400
    assert b"Change that moderation first" in response.content
    assert Evidence.objects.filter(pk=world["evidence"]).exists()


def test_the_client_admin_reads_evidence_but_cannot_add_or_remove_it(client, world):
    client.force_login(world["users"]["owner"])
    assert client.get(add_url(world)).status_code == 403
    delete = f"/o/{world['org']}/reviews/{world['review']}/evidence/{world['document']}/delete/"
    assert client.post(delete).status_code == 403
    assert Evidence.objects.filter(pk=world["document"]).exists()
