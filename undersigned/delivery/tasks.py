"""Background tasks of deliveries (Django's Tasks API; see ``undersigned.outbox.tasks``).
Each is safe to run twice."""

from django_tasks import task

from undersigned.delivery import services


@task()
def delivery_merge(delivery_id: int) -> int:
    """Write the delivery's messages to the outbox and queue their sending."""
    return services.delivery_merge(delivery_id=delivery_id)


@task()
def maildir_read(path: str) -> dict:
    """Read the bounces and replies that arrived in a Maildir folder."""
    return services.maildir_read(path)
