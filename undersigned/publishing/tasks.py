"""Background tasks of publishing (Django's Tasks API; see ``undersigned.outbox.tasks``)."""

from django_tasks import task

from undersigned.publishing import services


@task()
def edition_prerender(edition_id: int) -> dict:
    """Render an edition's page lists and PDFs once, after it is published."""
    return services.edition_prerender(edition_id=edition_id)
