"""Records: registrable domains, free-mail and platform domains, record-level evidence, the
fitted model's calibration and the reasons it gives."""

import json

import pytest

from undersigned.orgs.matching import Reason, Record, default_threshold, score_records
from undersigned.orgs.matching import model as match_model
from undersigned.orgs.matching.domains import email_domain, website


@pytest.mark.parametrize(("url", "key"), [
    ("https://www.tahr.org.tw/news/551", "tahr.org.tw"),
    ("tahr.org.tw", "tahr.org.tw"),
    ("https://www.hrw.org/zh-hant", "hrw.org"),  # a language version: the same site
    ("greenpeace.org/eastasia", "greenpeace.org/eastasia"),  # a section under its parent
    ("https://fr.amnesty.org", "fr.amnesty.org"),
    ("https://www.facebook.com/TAHR.tw/", "facebook.com/tahr.tw"),  # a page on a platform
    ("tahr.wordpress.com", "tahr.wordpress.com"),
    ("https://facebook.com", ""),
    ("not a url", ""),
    ("http://[::1]:80/", ""),
])
def test_website_keys(url, key):
    assert website(url).key == key


@pytest.mark.parametrize(("address", "domain"), [
    ("info@tahr.org.tw", "tahr.org.tw"),
    ("someone@mail.hrw.org", "hrw.org"),
    ("a@gmail.com", ""), ("a@yahoo.co.jp", ""), ("a@proton.me", ""), ("a@yahoo.fr", ""),
    ("no address", ""), ("", ""),
])
def test_email_domains(address, domain):
    assert email_domain(address).domain == domain


def test_one_website_and_acronym_across_scripts_is_near_certain():
    a = Record(("台灣人權促進會",), acronym="TAHR", website="https://www.tahr.org.tw",
               email="info@tahr.org.tw")
    b = Record(("Taiwan Association for Human Rights",), acronym="TAHR", website="tahr.org.tw")
    m = score_records(a, b)
    assert m.probability >= 0.95
    codes = [r.code for r in m.reasons]
    assert codes[0] == "same_website" and "same_acronym" in codes
    assert all(isinstance(r, Reason) and r.text for r in m.reasons)


def test_free_mail_says_nothing_and_a_country_speaks_against():
    a = Record(("Centre for Human Rights",), country="NG", email="chr.lagos@gmail.com")
    b = Record(("Centre for Human Rights",), country="ZA", email="chr.pretoria@gmail.com")
    m = score_records(a, b)
    assert m.probability < default_threshold()
    assert "same_email_domain" not in m.signals and "different_country" in m.signals


def test_reasons_name_only_the_two_records():
    a = Record(("HRW",))
    b = Record(("Human Rights Watch",))
    m = score_records(a, b)
    names = {"HRW", "Human Rights Watch"}
    for r in m.reasons:
        for value in r.params.values():
            assert not isinstance(value, str) or value.upper() in {n.upper() for n in names} \
                or value.upper() == "HRW"


def test_the_model_file_reports_its_calibration():
    data = json.loads(match_model.MODEL_FILE.read_text(encoding="utf-8"))
    cal = data["info"]["calibration_out_of_fold"]
    assert 0 < data["threshold"] < 1 and cal["brier"] < 0.05 and cal["ece"] < 0.05
    # well calibrated: in each populated bin the share of true pairs is near the probability
    for row in cal["reliability"]:
        if row["pairs"] >= 100:
            assert abs(row["mean_probability"] - row["share_same"]) < 0.15, row
    assert set(data["weights"]) <= set(match_model.INPUT_NAMES)


@pytest.mark.parametrize(("text", "code"), [
    ("Danmark", "DK"), ("Côte d’Ivoire", "CI"), ("RDC", "CD"), ("台灣", "TW"), ("مصر", "EG"),
    ("UK", "GB"), ("Amnesty", None), ("", None),
])
def test_country_of(text, code):
    from undersigned.orgs.matching import country_of

    assert country_of(text) == code


def test_countries_in():
    from undersigned.orgs.matching import countries_in

    assert countries_in("Action by Christians against Torture in Togo") == {"TG"}
    assert countries_in("國際特赦組織台灣分會") == {"TW"}
    assert countries_in("Human Rights Watch") == set()
