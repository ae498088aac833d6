"""A partner's site embeds the sign-on form: in Debian's chromium, a page on another
loopback origin that the letter lists shows the form and signs through it; a page on an
origin the letter does not list gets nothing (the browser refuses the frame)."""

import http.server
import threading

import pytest

from tests.factories import make_letter
from undersigned.letters import services
from undersigned.letters.models import Signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _partner_site(html: str):
    """A one-page site on its own loopback port (another origin than the server's)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_an_embed_works_on_a_listed_site_and_is_refused_elsewhere(browser, live_server):
    letter = make_letter()
    services.partner_save(letter=letter, name="Loopback Partner", code="loopback")
    src = f"{live_server.url}/{letter.slug}/en/embed/?via=loopback"
    page_html = f'<!doctype html><title>Partner</title><iframe id="f" src="{src}" ' \
                'width="600" height="900"></iframe>'
    listed, unlisted = _partner_site(page_html), _partner_site(page_html)
    listed_origin = f"http://127.0.0.1:{listed.server_address[1]}"
    services.letter_embed_origins_set(letter=letter, origins=[listed_origin])
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{listed_origin}/")
        frame = page.frame_locator("#f")
        frame.get_by_label("Organisation name").fill("Framed Partner Signer")
        frame.get_by_label("Country").select_option("KE")
        frame.get_by_label("Your name").fill("Frame Person")
        frame.get_by_label("Your email").fill("frame.person@framed.example")
        frame.get_by_role("button", name="Sign").click()
        frame.get_by_role("heading", name="Check your email").wait_for(timeout=15000)
        sig = Signature.objects.get(name="Framed Partner Signer")
        assert sig.via.code == "loopback" and sig.state == "pending"

        other = context.new_page()
        other.goto(f"http://localhost:{unlisted.server_address[1]}/")
        other.wait_for_timeout(1500)
        embedded = [f for f in other.frames if f != other.main_frame]
        assert embedded
        assert embedded[0].locator("form").count() == 0  # blocked: no form in that frame
        # Listed too, the same page shows it (so it was the list that refused it).
        services.letter_embed_origins_set(letter=letter, origins=[
            listed_origin, f"http://localhost:{unlisted.server_address[1]}"])
        other.reload()
        other.frame_locator("#f").get_by_role("button", name="Sign").wait_for(timeout=15000)
    finally:
        context.close()
        listed.shutdown()
        unlisted.shutdown()
