"""The webhooks' background task, on the outbox's task queue (safe to run twice)."""

from django_tasks import task

from undersigned.integrations import webhooks
from undersigned.outbox import tasks as outbox_tasks


@task()
def deliver_webhooks(ids: list[int]) -> dict:
    out = webhooks.deliver(ids)
    if deliver_webhooks.get_backend().supports_defer:  # otherwise the worker's beat retries
        for pk, when in out["retry"]:
            deliver_webhooks.using(run_after=when).enqueue([pk])
    return {"delivered": out["delivered"], "failed": out["failed"], "retry": len(out["retry"])}


def enqueue_deliveries(ids: list[int]) -> None:
    outbox_tasks.enqueue(deliver_webhooks, ids)


def retry_due() -> int:
    """Queue the deliveries that are due (called on each worker beat)."""
    ids = webhooks.deliveries_due()
    if ids:
        enqueue_deliveries(ids)
    return len(ids)
