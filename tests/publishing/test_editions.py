"""Editions from the database: publish, diff, pages, downloads, commands."""

import json
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import need
from tests.factories import make_letter
from undersigned.letters import services
from undersigned.letters.models import Signature
from undersigned.publishing.models import Edition
from undersigned.publishing.renderers import pdf
from undersigned.publishing.services import edition_publish

pytestmark = pytest.mark.django_db(transaction=True)


def _sign(letter, name, *, anonymous=False, zh=None):
    services.signature_submit(letter=letter, lang="en", verified=True, data=services.SignOn(
        name=name, contact_name="Private Contact", contact_email=f"c{abs(hash(name))}@x.example",
        publish_name=not anonymous))
    sig = Signature.objects.get(letter=letter, name=name, active=True)
    services.signature_approve(signature=sig, actor=None)
    if zh:
        services.signature_name_set(signature=sig, lang="zh-hant", text=zh)
    return sig


def test_edition_numbers_sorts_diffs_and_keeps_old_urls():
    letter = make_letter()
    _sign(letter, "Zambia Climate Change Network", zh="尚比亞氣候變化網絡")
    _sign(letter, "Ärzte ohne Grenzen")
    _sign(letter, "The Barys Zvozskau Belarusian Human Rights House")
    first = _sign(letter, "Amnesty International", zh="國際特赦組織")
    second = _sign(letter, "Łódź Civic Forum")
    _sign(letter, "Hidden Group At Risk", anonymous=True)
    edition, created = edition_publish(letter=letter)
    assert created and edition.number == 1
    letter.refresh_from_db()
    assert letter.status == "published"
    names = list(edition.entries.values_list("number", "name"))
    assert [n for n, _ in names] == list(range(1, 6))
    assert [name for _, name in names] == [
        "Amnesty International", "Ärzte ohne Grenzen",
        "The Barys Zvozskau Belarusian Human Rights House", "Łódź Civic Forum",
        "Zambia Climate Change Network"]
    assert edition.anonymous_count == 1
    assert edition_publish(letter=letter) == (edition, False)  # nothing changed

    client = Client()
    page = client.get(f"/{letter.slug}/edition/1/zh-hant/").content.decode()
    assert "Amnesty International" in page and "國際特赦組織" in page
    assert "Hidden Group At Risk" not in page

    # Two withdrawals and one new sign-on (the letter reopened for late sign-ons).
    letter.status = "open"
    letter.save()
    services.signature_withdraw_by_coordinator(signature=first, actor=None)
    services.signature_withdraw_by_coordinator(signature=second, actor=None)
    _sign(letter, "Centro de Estudios Legales y Sociales")
    edition2, created = edition_publish(letter=letter)
    assert created and edition2.number == 2
    assert edition2.changes["added"] == ["Centro de Estudios Legales y Sociales"]
    assert sorted(edition2.changes["withdrawn"]) == ["Amnesty International", "Łódź Civic Forum"]
    assert edition2.changes["renamed"] == []
    page2 = client.get(f"/{letter.slug}/edition/2/en/").content.decode()
    assert "+ Centro de Estudios Legales y Sociales" in page2
    assert "− Amnesty International" in page2
    # The old edition is still there, unchanged.
    old = client.get(f"/{letter.slug}/edition/1/en/")
    assert old.status_code == 200 and "Amnesty International" in old.content.decode()
    assert Edition.objects.get(number=1).entries.count() == 5


def test_every_download_format_is_served_and_leaks_nothing():
    letter = make_letter()
    _sign(letter, "Openly Named Org", zh="公開組織")
    _sign(letter, "Hidden Group At Risk", anonymous=True)
    edition_publish(letter=letter)
    client = Client()
    need(pdf.font_dirs(), "Noto fonts (Debian fonts-noto-core and fonts-noto-cjk) are not installed")
    for lang in ("en", "zh-hant"):
        for fmt in ("pdf", "docx", "html", "markdown", "text", "csv", "xlsx", "json"):
            response = client.get(f"/{letter.slug}/edition/1/{lang}/{fmt}/")
            assert response.status_code == 200, (lang, fmt)
            body = response.content
            assert b"Hidden Group" not in body and b"x.example" not in body
            assert b"Private Contact" not in body
            if fmt in ("text", "markdown", "csv", "json", "html"):
                assert "Openly Named Org" in body.decode()
    data = json.loads(client.get(f"/{letter.slug}/edition/1/zh-hant/json/").content)
    assert "公開組織" in json.dumps(data, ensure_ascii=False)
    assert client.get(f"/{letter.slug}/edition/1/en/exe/").status_code == 404
    assert client.get(f"/{letter.slug}/edition/9/en/").status_code == 404


def test_publish_and_export_commands(tmp_path, capsys):
    letter = make_letter()
    _sign(letter, "Amnesty International", zh="國際特赦組織")
    call_command("publish", letter.slug)
    assert "published edition 1" in capsys.readouterr().out
    out = tmp_path / "list.txt"
    call_command("export", letter.slug, "--lang", "zh-hant", "--format", "text", "-o", str(out))
    assert "1. Amnesty International 國際特赦組織" in out.read_text()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no text in"):
        call_command("export", letter.slug, "--lang", "ru", "--format", "text", "-o", str(out))


def test_render_command_on_the_shared_letter(shared_letter_path, tmp_path):
    need(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) is not installed")
    pdf = tmp_path / "letter.pdf"
    call_command("render", str(shared_letter_path), "--lang", "zh-Hant", "--format", "pdf",
                 "-o", str(pdf))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for n in (1, 23, 117, 165):
        assert f"{n}." in text
    assert "166." not in text
    assert "國際特赦組織" in text and "ACAT Belgium" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # emb column
    md = tmp_path / "letter.md"
    call_command("render", str(shared_letter_path), "--lang", "zh-Hant", "--format", "markdown",
                 "-o", str(md))
    from undersigned.importing.letter_parser import parse_letter

    again = parse_letter(md.read_text(), lang="zh-Hant", duplicates=False)
    assert [s["number"] for s in again["signatories"]] == list(range(1, 166))


def test_a_separate_list_sorted_the_chinese_way():
    letter = make_letter(languages=("en", "zh-hant"))
    _sign(letter, "Amnesty International", zh="國際特赦組織")
    _sign(letter, "Zambia Climate Change Network", zh="尚比亞氣候變化網絡")
    _sign(letter, "Child Rights Connect", zh="兒童權利連結組織")
    edition_publish(letter=letter)
    client = Client()
    default = client.get(f"/{letter.slug}/edition/1/zh-hant/text/").content.decode()
    assert default.index("Amnesty") < default.index("Child") < default.index("Zambia")
    stroke = client.get(f"/{letter.slug}/edition/1/zh-hant/text/",
                        {"sort": "language", "zh": "stroke", "layout": "translation"})
    lines = [line.split(". ", 1)[1] for line in stroke.content.decode().splitlines()
             if ". " in line and line.strip()[:1].isdigit()]
    # 兒 and 尚 (8 strokes each) before 國 (11)
    assert lines == ["兒童權利連結組織", "尚比亞氣候變化網絡", "國際特赦組織"]
    pinyin = client.get(f"/{letter.slug}/edition/1/zh-hant/text/",
                        {"sort": "language", "zh": "pinyin", "layout": "translation"})
    lines = [line.split(". ", 1)[1] for line in pinyin.content.decode().splitlines()
             if ". " in line and line.strip()[:1].isdigit()]
    assert lines == ["兒童權利連結組織", "國際特赦組織", "尚比亞氣候變化網絡"]  # ér, guó, shàng


def test_a_pdf_without_fonts_is_a_clear_503(monkeypatch):
    """A laptop without the Noto fonts: the PDF link says why, the other formats work."""
    monkeypatch.setattr(pdf, "font_dirs", lambda: [])
    letter = make_letter()
    _sign(letter, "Openly Named Org")
    edition_publish(letter=letter)  # its renders at publication make no PDF either
    client = Client()
    response = client.get(f"/{letter.slug}/edition/1/en/pdf/")
    assert response.status_code == 503
    assert "fonts are not installed" in response.content.decode()
    assert client.get(f"/{letter.slug}/edition/1/en/docx/").status_code == 200
