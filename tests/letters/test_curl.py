"""The acceptance check as a person would run it: curl GETs the form, POSTs it with the CSRF
token, and follows the link from the message written under the mail folder."""

import re
import shutil
import subprocess

import pytest

from tests import mail
from tests.conftest import need
from tests.factories import make_letter
from undersigned.letters.models import Signature

pytestmark = pytest.mark.django_db(transaction=True)


def _curl(*args):
    return subprocess.run(["curl", "-sS", "--max-time", "30", *args], capture_output=True,
                          text=True, check=True).stdout


def test_sign_with_curl(live_server, tmp_path):
    need(shutil.which("curl") is not None, "curl is not installed")
    letter = make_letter()
    jar = str(tmp_path / "cookies")
    url = f"{live_server.url}/{letter.slug}/en/"
    page = _curl("-c", jar, url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = ["-d", f"csrfmiddlewaretoken={token}", "-d", "name=Curl Civic Forum",
            "-d", "country=KE", "-d", "contact_name=Wanjiru", "-d",
            "contact_email=wanjiru@curl.example", "-d", "visibility=publish"]
    status = _curl("-b", jar, "-o", "/dev/null", "-w", "%{http_code}", "-e", url, *form, url)
    assert status == "302"
    assert Signature.objects.get(letter=letter).state == "pending"
    [msg] = mail.messages()
    [confirm] = mail.links(msg, "confirm")
    confirm_page = _curl("-c", jar, "-b", jar, live_server.url + confirm)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirm_page).group(1)
    _curl("-b", jar, "-e", live_server.url + confirm, "-d", f"csrfmiddlewaretoken={token}",
          live_server.url + confirm)
    assert Signature.objects.get(letter=letter).state == "confirmed"
    # The same organisation again: still one signature.
    _curl("-b", jar, "-o", "/dev/null", "-e", url, *form[:-4], "-d",
          "contact_email=other@curl.example", "-d", "visibility=publish", url)
    assert Signature.objects.filter(letter=letter).count() == 1
