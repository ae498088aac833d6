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
    assert done.status_code == 302  # then the page of what became of every row
    assert Signature.objects.filter(letter=letter, state="confirmed").count() == 3
    result = client.get(done["Location"])
    page = result.content.decode()
    assert "3 rows" in page and "3 added" in page
    record = result.context["record"]
    download = client.get(f"/manage/import/letters/{letter.slug}/signons/outcomes/{record}")
    assert download.status_code == 200 and "Bytes For All" in download.content.decode()
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


def test_every_row_accounted_for_in_the_browser_flow(tmp_path):
    """The issue's sheet: a repeated organisation, a row without a name, a row without an
    email, no consent column. The preview names every row; the import does what the
    preview said; the organisation on two rows signs once."""
    from undersigned.publishing.services import edition_publish

    letter = make_letter()
    client = _coordinator_client()
    sheet = tmp_path / "answers.csv"
    with open(sheet, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Timestamp", "Organisation name", "Email address"])
        writer.writerows([
            ["2/27/2023 10:15:00", "Bytes For All", "desk@b4a.example"],
            ["2/27/2023 11:00:00", "Red Dot Foundation", ""],
            ["2/27/2023 12:00:00", "", "nobody@example.org"],
            ["2/28/2023 09:30:00", "Bytes for All", "other@b4a.example"],
            ["2/28/2023 10:30:00", "Katiba Institute", "info@katiba.example"]])
    url = f"/manage/import/letters/{letter.slug}/signons/"
    with open(sheet, "rb") as fh:
        preview = client.post(url, {"file": fh})
    # Not verified: the row without an email cannot be confirmed, so it is skipped.
    assert preview.context["counts"] == {"added": 2, "already_there": 0, "repeat": 1,
                                         "skipped": 2, "rows": 5}
    html = preview.content.decode()
    assert "repeat of row 2" in html and "no organisation name" in html and "no email" in html
    assert 'name="publish_default"' in html  # the sheet has no consent column
    token, columns = preview.context["token"], preview.context["columns"]
    form = {"token": token, "name": "answers.csv", "verified": "1",
            "header": [h for h, _ in columns], "field": [f for _, f in columns]}
    reread = client.post(url, {**form, "confirm": "1", "reread": "1", "publish_default": "name"})
    counts = reread.context["counts"]
    assert counts == {"added": 3, "already_there": 0, "repeat": 1, "skipped": 1, "rows": 5}
    refused = client.post(url, {**form, "confirm": "1"}, follow=True)
    assert "choose" in refused.content.decode() and Signature.objects.count() == 0
    done = client.post(url, {**form, "confirm": "1", "publish_default": "name"}, follow=True)
    assert done.context["counts"] == counts
    sigs = Signature.objects.filter(letter=letter)
    assert sorted(sigs.values_list("name", flat=True)) == [
        "Bytes For All", "Katiba Institute", "Red Dot Foundation"]
    assert sigs.get(name="Bytes For All").duplicates.count() == 1  # row 5 kept as a repeat
    for sig in sigs:
        sig.state = "approved"
        sig.save(update_fields=["state"])
    edition = edition_publish(letter=letter)[0]
    assert [e.name for e in edition.entries.order_by("number")].count("Bytes For All") == 1


def test_uploads_are_removed_after_a_day(settings, tmp_path):
    import os
    import time

    from undersigned.importing import uploads

    settings.VAR_DIR = tmp_path
    old, fresh = uploads.store(b"a", ".csv"), uploads.store(b"b", ".csv")
    past = time.time() - uploads.MAX_AGE - 60
    os.utime(uploads.path_for(old), (past, past))
    call_command("purge_uploads")
    assert uploads.path_for(old) is None and uploads.path_for(fresh) is not None


def test_sheet_import_is_a_service_a_task_can_call(tmp_path):
    """(rows, options) -> report, with progress(done, total) as rows are written."""
    from undersigned.importing.services import signons_import
    from undersigned.importing.sheets import read_signon_sheet

    letter = make_letter()
    sheet = _csv(tmp_path / "responses.csv", ROWS)
    result = read_signon_sheet(sheet)
    seen = []
    report = signons_import(letter=letter, rows=result.rows, rejected=result.rejected,
                            source_name="responses.csv", verified=True,
                            progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3) and report.signatures_added == 3
    from undersigned.audit.models import AuditEntry

    entries = AuditEntry.objects.filter(action="signons_imported")
    assert entries.count() == 1 and entries.get().after["added"] == 3


def test_import_letter_json_gives_anonymous_count_and_individuals(tmp_path, capsys):
    path = tmp_path / "letter.txt"
    path.write_text("Carta conjunta\n\nPedimos a los Estados que actúen.\n\nFirmantes: Centro de "
                    "Estudios Legales y Sociales (CELS), Argentina; Provea, Venezuela; Red TDT, "
                    "México. Y 7 organizaciones que por razones de seguridad no pueden hacer "
                    "público su nombre.\n\nFirmas individuales: Ana Pérez, abogada; Luis Gómez, "
                    "periodista.\n", encoding="utf-8")
    call_command("import_letter", str(path), "--dry-run", "--json")
    parsed = json.loads(capsys.readouterr().out)
    assert parsed["anonymous_count"] == 7
    assert [p["name"] for p in parsed["individuals"]] == ["Ana Pérez", "Luis Gómez"]
    assert [(s["names"][0]["text"], s["country"]) for s in parsed["signatories"]] == [
        ("Centro de Estudios Legales y Sociales", "AR"), ("Provea", "VE"), ("Red TDT", "MX")]
    assert parsed["layout"]["kind"] == "inline" and parsed["layout"]["separator"] == ";"
