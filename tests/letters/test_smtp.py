"""The confirmation mail through a real SMTP server on loopback, link followed from it."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.test import Client

from tests.factories import form_data, make_letter
from undersigned.letters.models import Signature

pytestmark = pytest.mark.django_db(transaction=True)


class Collect(Message):
    def __init__(self):
        super().__init__()
        self.received = []

    def handle_message(self, message):
        self.received.append(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield handler
    controller.stop()


def test_confirmation_over_smtp(smtp_server):
    letter = make_letter()
    client = Client()
    data = form_data(name="Association Camerounaise des Droits", contact_name="Élise Mbarga")
    assert client.post(f"/{letter.slug}/fr/", data).status_code == 302
    [received] = smtp_server.received
    msg = email.message_from_bytes(received.as_bytes(), policy=policy.default)
    assert msg["To"] == data["contact_email"]
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert "Élise Mbarga" in body
    link = next(line.strip() for line in body.splitlines() if "/confirm/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + path).status_code == 200
    assert Signature.objects.get().state == "confirmed"


def test_email_url_selects_smtp(monkeypatch):
    import importlib

    import undersigned.settings as project_settings

    monkeypatch.setenv("EMAIL_URL", "smtp+starttls://user%40x:p%40ss@mail.example:2525")
    reloaded = importlib.reload(project_settings)
    try:
        assert reloaded.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
        assert (reloaded.EMAIL_HOST, reloaded.EMAIL_PORT) == ("mail.example", 2525)
        assert (reloaded.EMAIL_HOST_USER, reloaded.EMAIL_HOST_PASSWORD) == ("user@x", "p@ss")
        assert reloaded.EMAIL_USE_TLS and not reloaded.EMAIL_USE_SSL
    finally:
        monkeypatch.delenv("EMAIL_URL")
        importlib.reload(project_settings)
