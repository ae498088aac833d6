"""Writes of the outbox: queueing a message (inside the caller's transaction), and the
recovery a worker runs every few seconds: tasks and claimed messages of a worker that
stopped are taken over, so nothing waits for a dead process."""

from __future__ import annotations

import logging
import os
import socket
from datetime import timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from undersigned.outbox import tasks
from undersigned.outbox.models import Message, MessageState, WorkerBeat

logger = logging.getLogger(__name__)

PRIORITY_PERSONAL = 10  # confirmations and the like go before a delivery's hundreds


def message_id_domain() -> str:
    return getattr(settings, "MESSAGE_ID_DOMAIN", "") or urlsplit(settings.SITE_URL).hostname \
        or "localhost"


def new_message_id(kind: str) -> str:
    """``<undersigned.KIND.random@domain>``: recognisable in bounces and replies."""
    return make_msgid(idstring=f"undersigned.{kind}", domain=message_id_domain())


def message_queue(*, to: str, subject: str, body: str, kind: str, reply_to: str = "",
                  from_email: str = "", headers: dict | None = None,
                  attachments: list[dict] | None = None, priority: int = PRIORITY_PERSONAL,
                  message_id: str = "", send: bool = True) -> Message:
    """Put one message in the outbox, in the caller's transaction: if that rolls back,
    nothing is sent. ``send=False`` leaves the sending to the caller (``messages_send``)."""
    row = Message.objects.create(
        kind=kind, to=to, subject=subject[:500], body=body, reply_to=reply_to,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL, headers=headers or {},
        attachments=attachments or [], priority=priority,
        message_id=message_id or new_message_id(kind))
    if send:
        tasks.enqueue_send([row.pk], priority=priority)
    return row


def message_ids_existing(message_ids: list[str]) -> set[str]:
    """Which of these Message-IDs the outbox already has (tasks that queue mail use it to
    add nothing when run twice)."""
    found: set[str] = set()
    for start in range(0, len(message_ids), 500):
        found |= set(Message.objects.filter(message_id__in=message_ids[start:start + 500])
                     .values_list("message_id", flat=True))
    return found


def messages_send(ids: list[int], *, priority: int = 0) -> None:
    """Enqueue the sending of outbox rows (in chunks that several workers can share)."""
    tasks.enqueue_send(ids, priority=priority)


# --- workers ---------------------------------------------------------------------------


def lost_after() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "WORKER_LOST_AFTER", 30)))


def worker_beat(*, worker_id: str, started: bool = False) -> None:
    now = timezone.now()
    defaults = {"host": socket.gethostname(), "pid": os.getpid(), "seen_at": now}
    if started:
        defaults["started_at"] = now
    WorkerBeat.objects.update_or_create(worker_id=worker_id, defaults=defaults)


def worker_gone(*, worker_id: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def workers_alive() -> set[str]:
    """Workers seen lately, less those on this host whose process is gone."""
    host = socket.gethostname()
    alive = set()
    for beat in WorkerBeat.objects.filter(seen_at__gte=timezone.now() - lost_after()):
        if beat.host == host and not _pid_alive(beat.pid):
            continue
        alive.add(beat.worker_id)
    return alive


def _lost(worker: str, since, alive: set[str], known: set[str], now) -> bool:
    """A worker is lost when it stopped beating, or never beat (an inline sender, a plain
    db_worker) and its claim is older than WORKER_LOST_AFTER."""
    if worker in alive:
        return False
    if worker in known:
        return True
    return since is None or since < now - lost_after()


def outbox_recover() -> dict:
    """Take over what workers that stopped left: their running tasks (marked failed and
    enqueued again: every task of the project is safe to run twice) and their claimed,
    not handed-over messages (queued again). Also re-sends queued messages whose task
    failed. Returns counts."""
    now = timezone.now()
    alive = workers_alive()
    known = set(WorkerBeat.objects.values_list("worker_id", flat=True))
    tasks_again = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status="RUNNING")
        for result in running:
            last = result.worker_ids[-1] if result.worker_ids else ""
            if not _lost(last, result.started_at, alive, known, now):
                continue
            result.status = "FAILED"
            result.finished_at = now
            result.exception_class_path = "undersigned.outbox.WorkerLost"
            result.traceback = f"worker {last} stopped while running this task"
            result.save(update_fields=["status", "finished_at", "exception_class_path",
                                       "traceback"])
            if result.task_path.startswith("undersigned."):
                task_obj = import_string(result.task_path)
                args = result.args_kwargs.get("args", [])
                kwargs = result.args_kwargs.get("kwargs", {})
                tasks.enqueue(task_obj.using(queue_name=result.queue_name), *args,
                              priority=result.priority, **kwargs)
                tasks_again += 1
    with transaction.atomic():
        stuck = [m for m in Message.objects.select_for_update(skip_locked=True).filter(
                 state=MessageState.SENDING).only("pk", "claimed_by", "claimed_at", "priority")
                 if _lost(m.claimed_by, m.claimed_at, alive, known, now)]
        # Queued rows nobody took up for ten minutes (their task failed, or the queue
        # was lost): enqueued again, and not again for another ten.
        idle = list(Message.objects.select_for_update(skip_locked=True).filter(
            state=MessageState.QUEUED, available_at__lt=now - timedelta(minutes=10))
            .only("pk", "priority"))
        ids = [m.pk for m in stuck]
        if ids:
            Message.objects.filter(pk__in=ids).update(state=MessageState.QUEUED, claim="")
        if idle:
            Message.objects.filter(pk__in=[m.pk for m in idle]).update(available_at=now)
        for priority in {m.priority for m in stuck + idle}:
            tasks.enqueue_send([m.pk for m in stuck + idle if m.priority == priority],
                               priority=priority)
    WorkerBeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    if tasks_again or stuck or idle:
        logger.warning("recovered %d tasks and %d messages of stopped workers, %d idle",
                       tasks_again, len(stuck), len(idle))
    return {"tasks": tasks_again, "messages": len(stuck), "idle": len(idle)}
