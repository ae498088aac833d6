"""`render` prints what was published: each entry as written, the date in the letter's
language, the anomalies as `import-letter --dry-run` prints them."""

import pytest
from django.core.management import call_command


def test_render_keeps_entries_as_printed(shared_letter_path, tmp_path, capsys):
    out = tmp_path / "letter.txt"
    call_command("render", str(shared_letter_path), "--lang", "zh-Hant", "--format", "text",
                 "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "2023年2月27日" in text and "2023-02-27" not in text
    assert ("FIDH (International Federation for Human Rights), within the framework of the "
            "Observatory for the Protection of Human Rights Defenders") in text
    assert "ACAT Germany (Action by Christians for the Abolition of Torture) 德國" in text
    assert "World Organisation Against Torture (OMCT) within the framework of" in text
    printed = capsys.readouterr().out
    assert "! numbering_gap [23]" in printed and "165 signatories" in printed


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_render_of_a_small_letter(tmp_path, fmt):
    source = tmp_path / "letter.txt"
    source.write_text("Posted on Sept. 7, 2021\n\nWe urge all States to act.\n\nSigned by: "
                      "FIDH – International Federation for Human Rights, Amnesty International "
                      "and Human Rights Watch.\n", encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    call_command("render", str(source), "--format", fmt, "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "FIDH – International Federation for Human Rights" in text
    assert ("September" in text) if fmt == "markdown" else ('"2021-09-07"' in text)
