"""A worker killed (SIGKILL) in the middle of sending, twice, then started again: every
message reaches the SMTP server exactly once. Real processes: the worker runs as
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

pytestmark = pytest.mark.fault

N = 150

QUEUE = f"""
from django.db import transaction
from undersigned.outbox import services
with transaction.atomic():
    rows = [services.message_queue(to=f"mission{{i}}@example.org", subject=f"Letter {{i}}",
                                   body="The text of the letter.", kind="delivery", send=False)
            for i in range({N})]
    services.messages_send([r.pk for r in rows])
out = sorted(r.message_id for r in rows)
"""

STATE = """
from undersigned.outbox.models import Message
from django_tasks_db.models import DBTaskResult
out = {"states": sorted(set(Message.objects.values_list("state", flat=True))),
       "sent": Message.objects.filter(state="sent").count(),
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
    killer = Killer()
    controller, server = smtp.start(delay=0.002, on_data=killer)
    try:
        site = fresh_site("outbox-kill")
        site.env.update({"EMAIL_URL": f"smtp://127.0.0.1:{controller.port}",
                         "WORKER_INTERVAL": "0.1", "WORKER_BEAT": "0.5"})
        ids = site.django(QUEUE)
        assert len(set(ids)) == N
        for n in range(2):
            killer.worker = site.spawn_cli("worker", log=tmp_path / f"worker{n}.log")
            end = time.monotonic() + 120
            while killer.kills == n:
                assert killer.worker.poll() is None or killer.kills > n, "worker stopped"
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
        assert sorted(received) == ids
        assert state["states"] == ["sent"]
        assert state["lost_tasks"] >= 2  # each kill left a running task, taken over
        last.terminate()
        last.wait(timeout=30)
    finally:
        controller.stop()
