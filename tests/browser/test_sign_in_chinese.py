"""End to end in a real browser: sign in Chinese, confirm from the captured email, approve as
coordinator, find the organisation on the public list."""

import pyotp
import pytest

from tests import mail
from tests.factories import make_letter
from undersigned.core.services import coordinator_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.two_factor
def test_sign_confirm_approve_and_publish_in_chinese(page, live_server):
    letter = make_letter()
    coordinator_create(username="coord", password="browser-test-passphrase")
    org = "台灣人權促進會"

    page.goto(f"{live_server.url}/{letter.slug}/")
    assert page.url.endswith(f"/{letter.slug}/zh-hant/")  # picked from the browser's language
    assert page.locator("html").get_attribute("lang") == "zh-hant"
    page.fill("#id_name", org)
    page.fill("#id_acronym", "TAHR")
    page.select_option("#id_country", "TW")
    page.fill("#id_website", "tahr.org.tw")
    page.fill("#id_contact_name", "陳小姐")
    page.fill("#id_contact_email", "contact@tahr.org.tw")
    page.check("input[name=visibility][value=publish]")
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    assert page.locator(".errors").all_inner_texts() == []
    page.wait_for_url(f"**/{letter.slug}/zh-hant/thanks/")

    [msg] = mail.messages()
    [confirm] = mail.links(msg, "confirm")
    page.goto(live_server.url + confirm)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "coord")
    page.fill("#id_password", "browser-test-passphrase")
    page.click("button[type=submit]")
    # A new coordinator sets up two-factor before seeing any sign-on.
    page.wait_for_url("**/account/2fa/setup/**")
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("button[type=submit].primary")
    page.click("a.button.primary")  # "I have kept my recovery codes, continue"
    page.wait_for_url("**/manage/**")
    page.goto(f"{live_server.url}/manage/letters/{letter.slug}/signatures/?state=confirmed")
    row = page.locator("tr", has_text=org)
    assert "contact@tahr.org.tw" in row.inner_text()
    row.locator("button.primary").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/{letter.slug}/zh-hant/")
    listed = page.locator("ol.signatories li").all_inner_texts()
    assert f"{org} (TAHR)" in listed
    assert "contact@tahr.org.tw" not in page.content()


def test_markdown_preview_updates_while_typing(page, live_server):
    letter = make_letter()
    coordinator_create(username="coord", password="browser-test-passphrase")
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "coord")
    page.fill("#id_password", "browser-test-passphrase")
    page.click("button[type=submit]")
    page.wait_for_url("**/manage/")
    page.goto(f"{live_server.url}/manage/letters/{letter.slug}/text/fr/")
    page.fill("#id_body_md", "Nous **demandons** <script>alert(1)</script>")
    page.locator("#preview strong").wait_for(timeout=5000)
    assert page.locator("#preview strong").inner_text() == "demandons"
    assert page.locator("#preview script").count() == 0
