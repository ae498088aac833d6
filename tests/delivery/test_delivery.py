"""A delivery to the 193 member states' missions through a real SMTP server on loopback,
run by the worker from the database queue; then a delivery report and a reply read back
from a Maildir folder. Every status is checked: sent, failed (with the server's answer),
bounced, replied; the reply lands in the state's outreach log and the board says "asked"."""

import pytest
from django.core.management import call_command

from tests import smtp
from tests.conftest import need
from tests.delivery.helpers import (
    dsn,
    fill_directory,
    mission_address,
    published_letter,
    reply,
    to_maildir,
)
from undersigned.advocacy.models import AskStatus, OutreachLog
from undersigned.delivery import selectors, services
from undersigned.delivery.models import DeliveryMessage, InboundMail
from undersigned.publishing.renderers import pdf

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tasks_db]


@pytest.fixture
def smtp_server(settings):
    controller, handler = smtp.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    yield handler
    controller.stop()


def test_delivery_to_every_member_state(smtp_server, tmp_path, settings):
    need(pdf.font_dirs(), "Noto fonts (fonts-noto-core) are needed for the PDF attachments")
    settings.MEDIA_ROOT = tmp_path / "media"
    letter, edition, campaign = published_letter()
    services.recipients_ensure()
    codes = fill_directory(refused=("ZWE",))
    delivery = services.delivery_create(
        letter=letter, edition=edition, states=codes, office="geneva",
        reply_to="coalition@example.org", campaign=campaign, selection={"kind": "all"})
    assert smtp_server.count() == 0  # queued only
    call_command("worker", batch=True, verbosity=0)

    # 192 accepted, the refused one failed with the server's answer.
    assert smtp_server.count() == 192
    received = {rcpts[0]: msg for rcpts, msg in smtp_server.received}
    assert len(set(smtp_server.message_ids())) == 192
    france, spain, china = (received[mission_address(c)] for c in ("FRA", "ESP", "CHN"))
    for msg, lang, salutation in ((france, "fr", "Excellence,"), (spain, "es", "Excelencia:"),
                                  (china, "en", "Excellency,")):  # no Chinese translation
        assert msg["Reply-To"] == "coalition@example.org"
        assert msg["Content-Language"] == lang
        assert "undersigned.delivery" in msg["Message-ID"]
        text = msg.get_body(preferencelist=("plain",)).get_content()
        assert text.startswith(salutation), text[:80]
        assert edition.texts[lang]["title"] in text
        [attachment] = list(msg.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_filename() == f"{letter.slug}-1-{lang}.pdf"
        assert attachment.get_content().startswith(b"%PDF")

    statuses = {r["iso3"]: r for r in selectors.delivery_statuses(delivery)["rows"]}
    assert len(statuses) == 193
    assert statuses["ZWE"]["status"] == "failed" and "no such mailbox" in statuses["ZWE"]["detail"]
    assert statuses["ZWE"]["code"] == 550
    assert sum(r["status"] == "sent" for r in statuses.values()) == 192
    # The board: every state delivered to was asked, on both asks; the refused one was not.
    asked = AskStatus.objects.filter(ask__campaign=campaign, status="asked")
    assert asked.count() == 2 * 192
    assert not asked.filter(state_code="ZWE").exists()

    # A worker that stopped between a message's sending and the board's update: the next
    # mailbox read brings the board up to date.
    AskStatus.objects.filter(ask__campaign=campaign, state_code="KEN").delete()
    DeliveryMessage.objects.filter(delivery=delivery, state_code="KEN").update(asked_at=None)

    # A bounce and a reply come back in the mailbox.
    bra = DeliveryMessage.objects.select_related("message").get(delivery=delivery,
                                                                  state_code="BRA")
    fra = DeliveryMessage.objects.select_related("message").get(delivery=delivery,
                                                                  state_code="FRA")
    inbox = tmp_path / "inbox"
    to_maildir(inbox, dsn(bra.message.message_id, bra.to_email),
               reply(fra.message.message_id, fra.to_email,
                     "Thank you. The mission will convey the letter to the capital."))
    call_command("read_mailbox", str(inbox))
    call_command("read_mailbox", str(inbox))  # read again: nothing twice
    to_maildir(inbox, reply(fra.message.message_id, fra.to_email, "Thank you."))  # same mail
    call_command("read_mailbox", str(inbox))

    statuses = {r["iso3"]: r for r in selectors.delivery_statuses(delivery)["rows"]}
    assert statuses["BRA"]["status"] == "bounced" and "5.1.1" in statuses["BRA"]["detail"]
    assert statuses["FRA"]["status"] == "replied"
    counts = selectors.delivery_statuses(delivery)["counts"]
    assert dict(counts) == {"sent": 190, "failed": 1, "bounced": 1, "replied": 1}
    [entry] = OutreachLog.objects.filter(campaign=campaign, state_code="FRA")
    assert entry.channel == "email" and fra.to_email in entry.contact
    assert "convey the letter to the capital" in entry.note and "> the letter" not in entry.note
    assert InboundMail.objects.count() == 2
    assert AskStatus.objects.filter(ask__campaign=campaign, state_code="KEN",
                                    status="asked").count() == 2
    assert not OutreachLog.objects.exclude(state_code="FRA").exists()
