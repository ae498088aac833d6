"""A worker killed (SIGKILL) in the middle of a delivery to the 193 member states' missions,
twice, then started again: every message reaches the SMTP server exactly once. Real processes: the worker runs as
``undersigned worker`` against its own database (SQLite, or PostgreSQL with DATABASE_URL),
the server is aiosmtpd on loopback. The kills land mid-conversation: the server kills the
worker while it waits for the answer to a message's end of data (where a sending worker
spends its time), and so never takes that message; the other messages of the killed task
are claimed and not sent yet."""

import os
import signal
import time

import pytest

from tests import smtp
from tests.conftest import need
from undersigned.publishing.renderers import pdf

pytestmark = pytest.mark.fault

N = 193

QUEUE = """
from tests.delivery.helpers import fill_directory, published_letter
from undersigned.delivery import services
letter, edition, campaign = published_letter()
codes = fill_directory(refused=())
delivery = services.delivery_create(letter=letter, edition=edition, states=codes,
                                    office="geneva", reply_to="coalition@example.org",
                                    campaign=campaign)
out = len(codes)
"""

SENT_IDS = """
from undersigned.outbox.models import Message
out = sorted(Message.objects.filter(kind="delivery").values_list("message_id", flat=True))
"""

STATE = """
from undersigned.outbox.models import Message
from django_tasks_db.models import DBTaskResult
from undersigned.advocacy.models import AskStatus
out = {"states": sorted(set(Message.objects.values_list("state", flat=True))),
       "sent": Message.objects.filter(state="sent").count(),
       "asked": AskStatus.objects.filter(status="asked").count(),
       "lost_tasks": DBTaskResult.objects.filter(
           exception_class_path="undersigned.outbox.WorkerLost").count()}
"""


class Killer:
    """Kills the running worker when the server has read message number 21 and 81."""

    def __init__(self):
        self.arrived = 0
        self.worker = None
        self.kills = 0

    def __call__(self, envelope) -> bool:
        self.arrived += 1
        if self.arrived in (21, 81) and self.worker is not None:
            os.kill(self.worker.pid, signal.SIGKILL)
            self.worker.wait(timeout=30)
            self.kills += 1
            return True
        return False


def test_a_killed_worker_sends_each_message_once(fresh_site, tmp_path):
    need(pdf.font_dirs(), "Noto fonts (fonts-noto-core) are needed for the PDF attachments")
    killer = Killer()
    controller, server = smtp.start(delay=0.002, on_data=killer)
    try:
        site = fresh_site("outbox-kill")
        site.env.update({"EMAIL_URL": f"smtp://127.0.0.1:{controller.port}",
                         "WORKER_INTERVAL": "0.1", "WORKER_BEAT": "0.5"})
        assert site.django(QUEUE) == N
        for n in range(2):
            killer.worker = site.spawn_cli("worker", log=tmp_path / f"worker{n}.log")
            end = time.monotonic() + 120
            while killer.kills == n:
                assert killer.worker.poll() in (None, -signal.SIGKILL), \
                    (tmp_path / f"worker{n}.log").read_text()[-3000:]
                assert time.monotonic() < end, "the worker was never killed"
                time.sleep(0.05)
            assert server.count() in (20, 79)  # the killed message was never taken
        killer.worker = None
        last = site.spawn_cli("worker", log=tmp_path / "worker-last.log")
        end = time.monotonic() + 120
        while site.django(STATE)["sent"] < N:
            assert time.monotonic() < end, (tmp_path / "worker-last.log").read_text()[-3000:]
            time.sleep(0.5)
        time.sleep(1)  # nothing more comes
        state = site.django(STATE)
        received = server.message_ids()
        assert len(received) == N, f"{len(received) - len(set(received))} sent twice"
        assert sorted(received) == site.django(SENT_IDS)
        assert state["states"] == ["sent"]
        assert state["asked"] == 2 * N  # the board heard of every one
        assert state["lost_tasks"] >= 2  # each kill left a running task, taken over
        last.terminate()
        last.wait(timeout=30)
    finally:
        controller.stop()
