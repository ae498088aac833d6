"""Background tasks of the outbox, on Django's Tasks API (the ``django-tasks`` backport on
Django 5.2, ``django.tasks`` from Django 6) with the ``django-tasks-db`` backend: the queue
is a table in the database the application already has. Every task here is safe to run
twice: the rows it works on are claimed in a transaction."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db import DatabaseBackend

from undersigned.outbox import sender

CHUNK = 25  # messages per task: one SMTP connection each, several workers share a delivery


@task()
def send_messages(ids: list[int]) -> dict:
    """Send the outbox rows ``ids`` that are still queued; those refused for now are queued
    again for later, in a task of their own."""
    out = sender.send_claimed(sender.claim(ids))
    if out["retry"] and send_messages.get_backend().supports_defer:
        later = send_messages.using(run_after=timezone.now() + out["retry_after"])
        later.enqueue(out["retry"])  # otherwise recovery takes them up after ten minutes
    return {"sent": out["sent"], "failed": out["failed"], "retry": len(out["retry"])}


def enqueue(task_obj, *args, priority: int = 0, **kwargs) -> None:
    """Enqueue ``task_obj``. With the database backend the task row is written in the
    caller's transaction (rolled back with it); any other backend (the immediate one in
    tests) is called once the transaction has committed."""
    configured = task_obj.using(priority=priority)
    if isinstance(configured.get_backend(), DatabaseBackend):
        configured.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: configured.enqueue(*args, **kwargs))


def enqueue_send(ids: list[int], *, priority: int = 0) -> None:
    for start in range(0, len(ids), CHUNK):
        enqueue(send_messages, ids[start:start + CHUNK], priority=priority)
