"""Background tasks of publishing (Django's Tasks API; see ``undersigned.outbox.tasks``)."""

from django_tasks import task

from undersigned.publishing import services


@task()
def edition_prerender(edition_id: int, pdfs: bool = False) -> dict:
    """Render an edition's page lists once (and its PDFs, with ``pdfs``) after it is
    published."""
    return services.edition_prerender(edition_id=edition_id, pdfs=pdfs)
