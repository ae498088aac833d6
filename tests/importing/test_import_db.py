"""Imports written to the database: published letters and sign-on sheets, via the CLI."""

import csv
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests import mail
from tests.factories import make_letter
from undersigned.letters.models import Letter, Signature
from undersigned.orgs.models import Organization, OrganizationName

pytestmark = pytest.mark.django_db(transaction=True)


def test_shared_letter_dry_run_writes_nothing(shared_letter_path, capsys):
    call_command("import_letter", str(shared_letter_path), "--dry-run", "--json")
    parsed = json.loads(capsys.readouterr().out)
    assert len(parsed["signatories"]) == 165
    gaps = sorted(n for a in parsed["anomalies"] if a["kind"] == "numbering_gap"
                  for n in a["numbers"])
    assert gaps == [23, 117, 119, 126]
    assert Letter.objects.count() == 0 and Organization.objects.count() == 0


def test_shared_letter_import_fills_the_registry_in_both_languages(shared_letter_path, capsys):
    call_command("import_letter", str(shared_letter_path), "--slug", "hrc52", "--json")
    report = json.loads(capsys.readouterr().out)
    letter = Letter.objects.get(slug="hrc52")
    assert letter.source_lang == "zh-hant"
    assert report["signatures_added"] + report["already_there"] == 165
    assert Signature.objects.filter(letter=letter, state="approved").count() == \
        report["signatures_added"]
    ai = OrganizationName.objects.get(text="國際特赦組織", lang="zh-hant").organization
    assert "Amnesty International" in set(ai.names.values_list("text", flat=True))
    # Twice adds nothing twice.
    call_command("import_letter", str(shared_letter_path), "--letter", "hrc52", "--json")
    again = json.loads(capsys.readouterr().out)
    assert again["signatures_added"] == 0
    assert Signature.objects.filter(letter=letter).count() == report["signatures_added"]


GOOGLE_HEADERS = ["Timestamp", "Name of your organisation", "Acronym (if any)",
                  "Country where your organisation is based", "Email address",
                  "Contact person", "Can we publish the name of your organisation?"]
ROWS = [
    ["2/27/2023 10:15:00", "Bytes For All", "B4A", "Pakistan", "desk@bytesforall.pk",
     "Shahzad A.", "Yes"],
    ["2/27/2023 11:00:00", "Red Dot Foundation", "", "India", "hello@reddot.example",
     "E. K.", "No, count us anonymously"],
    ["2/28/2023 09:30:00", "=HYPERLINK(\"http://evil.example\")", "", "", "x@evil.example",
     "X", "Yes"],
]


def _csv(path, rows, encoding="utf-8-sig", delimiter=","):
    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(GOOGLE_HEADERS)
        writer.writerows(rows)
    return path


def test_google_forms_csv_round_trip(tmp_path, capsys):
    letter = make_letter()
    sheet = _csv(tmp_path / "responses.csv", ROWS[:2])
    call_command("import_signons", str(sheet), "--letter", letter.slug, "--dry-run", "--json")
    dry = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in dry["rows"]] == ["Bytes For All", "Red Dot Foundation"]
    assert Signature.objects.count() == 0

    call_command("import_signons", str(sheet), "--letter", letter.slug, "--json")
    done = json.loads(capsys.readouterr().out)
    assert done["import"]["signatures_added"] == 2
    sigs = {s.name: s for s in Signature.objects.filter(letter=letter)}
    assert sigs["Bytes For All"].country == "PK" and sigs["Bytes For All"].state == "pending"
    assert sigs["Red Dot Foundation"].publish_name is False
    assert sigs["Bytes For All"].source["row"] == 2
    assert len(mail.messages()) == 2  # not verified: each gets a confirmation link

    # Re-importing an updated export adds only the new row.
    updated = _csv(tmp_path / "responses2.csv", ROWS, encoding="utf-16", delimiter="\t")
    call_command("import_signons", str(updated), "--letter", letter.slug, "--json")
    again = json.loads(capsys.readouterr().out)
    assert again["import"]["signatures_added"] == 1 and again["import"]["already_there"] == 2
    injected = Signature.objects.get(letter=letter, contact_email_hash__isnull=False,
                                     source__row=4)
    assert not injected.name.startswith("=")
    assert any(a["kind"] == "neutralised" for a in again["anomalies"])


def test_verified_xlsx_skips_confirmation(tmp_path, capsys):
    letter = make_letter()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(GOOGLE_HEADERS)
    for row in ROWS[:2]:
        ws.append(row)
    path = tmp_path / "responses.xlsx"
    wb.save(path)
    call_command("import_signons", str(path), "--letter", letter.slug, "--verified")
    out = capsys.readouterr().out
    assert "2 sign-ons added" in out
    assert set(Signature.objects.values_list("state", flat=True)) == {"confirmed"}
    assert mail.messages() == []


def test_unreadable_sheets_get_clear_messages_and_write_nothing(tmp_path):
    letter = make_letter()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.csv"
    binary.write_bytes(bytes(range(256)) * 50)
    unknown = tmp_path / "odd.csv"
    unknown.write_text("Colour,Size\nred,3\n")
    for path, message in ((empty, "empty"), (binary, "binary|not text|cannot be read|no data"),
                          (unknown, "Could not tell")):
        with pytest.raises(CommandError, match=message):
            call_command("import_signons", str(path), "--letter", letter.slug)
    with pytest.raises(CommandError, match="--publish"):
        call_command("import_signons", str(unknown), "--letter", letter.slug, "--map",
                     "Colour=name", "--map", "Size=none", "--verified")
    call_command("import_signons", str(unknown), "--letter", letter.slug, "--map", "Colour=name",
                 "--map", "Size=none", "--verified", "--publish", "count")
    assert Signature.objects.get(name="red").publish_name is False
    assert Signature.objects.filter(name="red").exists()
    with pytest.raises(CommandError, match="No letter"):
        call_command("import_signons", str(unknown), "--letter", "nope")


def _coordinator_client():
    from django.test import Client

    from undersigned.core.services import coordinator_create

    user, _ = coordinator_create(username="importer", password="long-enough-pass-1")
    client = Client()
    client.force_login(user)
    return client


def test_sheet_through_the_web_pages(tmp_path):
    letter = make_letter()
    client = _coordinator_client()
    sheet = _csv(tmp_path / "responses.csv", ROWS)
    with open(sheet, "rb") as fh:
        preview = client.post(f"/manage/import/letters/{letter.slug}/signons/", {"file": fh})
    html = preview.content.decode()
    assert preview.status_code == 200 and "Bytes For All" in html and "neutralised" in html
    assert Signature.objects.count() == 0  # nothing written before the confirmation
    token = preview.context["token"]
    mapping = preview.context["mapping"]
    done = client.post(f"/manage/import/letters/{letter.slug}/signons/", {
        "token": token, "name": "responses.csv", "confirm": "1", "verified": "1",
        "header": [h for h, _ in mapping], "field": [f or "" for _, f in mapping]})
    assert done.status_code == 302
    assert Signature.objects.filter(letter=letter, state="confirmed").count() == 3
    # The stored upload is gone once used.
    again = client.post(f"/manage/import/letters/{letter.slug}/signons/", {
        "token": token, "confirm": "1"}, follow=True)
    assert "no longer here" in again.content.decode()


def test_sheet_needing_a_mapping_through_the_web_pages(tmp_path):
    letter = make_letter()
    client = _coordinator_client()
    odd = tmp_path / "odd.csv"
    odd.write_text("Colour,Size\nLiga Argentina,3\n")
    with open(odd, "rb") as fh:
        ask = client.post(f"/manage/import/letters/{letter.slug}/signons/", {"file": fh})
    assert "Which column holds what?" in ask.content.decode()
    token = ask.context["token"]
    preview = client.post(f"/manage/import/letters/{letter.slug}/signons/", {
        "token": token, "header": ["Colour", "Size"], "field": ["name", ""]})
    assert "Liga Argentina" in preview.content.decode()


def test_published_letter_through_the_web_pages(shared_letter_path):
    client = _coordinator_client()
    with open(shared_letter_path, "rb") as fh:
        preview = client.post("/manage/import/letter/", {"file": fh, "lang": ""})
    html = preview.content.decode()
    assert "numbering_gap" in html and "ACAT Italia" in html and 'class="flagged"' in html
    assert Letter.objects.count() == 0
    done = client.post("/manage/import/letter/", {
        "confirm": "1", "token": preview.context["token"], "name": "hrc52.txt", "lang": "",
        "letter": ""})
    assert done.status_code == 302
    letter = Letter.objects.get()
    assert Signature.objects.filter(letter=letter).count() >= 160
    pasted = client.post("/manage/import/letter/", {"text": "", "lang": ""})
    assert "Choose a file or paste the text" in pasted.content.decode()
