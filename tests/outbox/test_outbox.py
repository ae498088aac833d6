"""The outbox with the database task queue: mail is queued in the transaction of the change
and sent by a worker, once, through a real SMTP server on loopback."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from tests import smtp
from tests.factories import form_data, make_letter, signon
from undersigned.letters import services
from undersigned.letters.models import Signature
from undersigned.outbox import tasks
from undersigned.outbox.models import Message

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


def test_a_rolled_back_signon_queues_nothing(smtp_server):
    letter = make_letter()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.signature_submit(letter=letter, lang="en", data=signon())
        assert Message.objects.count() == 1  # queued inside the transaction ...
        raise RuntimeError("the request failed after the sign-on")
    # ... and gone with it: no signature, no message, no task; the worker sends nothing.
    assert Signature.objects.count() == Message.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    call_command("worker", batch=True, verbosity=0)
    assert smtp_server.count() == 0


def test_the_worker_sends_a_signons_mail_once(smtp_server):
    letter = make_letter()
    data = form_data(contact_name="Amina Diallo")
    assert Client().post(f"/{letter.slug}/en/", data).status_code == 302
    # The request only queued the message.
    [row] = Message.objects.all()
    assert (row.state, row.kind, smtp_server.count()) == ("queued", "confirmation", 0)
    assert row.message_id.startswith("<") and "undersigned.confirmation" in row.message_id
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    call_command("worker", batch=True, verbosity=0)
    [(rcpts, msg)] = smtp_server.received
    assert rcpts == [data["contact_email"]] and msg["Message-ID"].strip() == row.message_id
    assert "Amina Diallo" in msg.get_body(preferencelist=("plain",)).get_content()
    row.refresh_from_db()
    assert (row.state, row.smtp_code, row.attempts) == ("sent", 250, 1)
    assert row.body == ""  # its confirmation link is not kept once sent

    # Running the task again, or the worker again, sends nothing more.
    tasks.send_messages.call([row.pk])
    call_command("worker", batch=True, verbosity=0)
    assert smtp_server.count() == 1


def test_a_refusal_is_kept_with_the_servers_answer(smtp_server, settings):
    letter = make_letter()
    services.signature_submit(letter=letter, lang="en",
                              data=signon(contact_email="nobody@[127.0.0.1]"))
    settings.EMAIL_PORT = smtp.free_port()  # the server is gone: tried again later
    call_command("worker", batch=True, verbosity=0)
    row = Message.objects.get()
    assert row.state == "queued" and row.attempts == 1 and "ConnectionRefused" in row.smtp_answer
    assert row.available_at > row.created_at
    # A later task for it (deferred) waits for its time.
    [later] = DBTaskResult.objects.filter(status="READY")
    assert later.run_after.year < 9999 and later.run_after > row.created_at


def test_a_text_change_is_told_by_a_task_once(smtp_server):
    letter = make_letter(languages=("en",))
    for _n in range(3):
        services.signature_submit(letter=letter, lang="en", data=signon(), verified=True)
    _tr, notified = services.translation_save(letter=letter, lang="en", title="New title",
                                              body_md="A changed text.")
    assert notified == 3 and Message.objects.count() == 0  # written by the task, later
    call_command("worker", batch=True, verbosity=0)
    assert smtp_server.count() == 3
    assert all("A changed text" in m.get_body(preferencelist=("plain",)).get_content()
               for _r, m in smtp_server.received)
    version = letter.versions.order_by("-number").first()
    # The task run again (a worker killed after it committed) adds nothing.
    assert services.text_change_notify(version_id=version.pk, lang="en", diff="x") == 0
    call_command("worker", batch=True, verbosity=0)
    assert smtp_server.count() == 3 and Message.objects.count() == 3
