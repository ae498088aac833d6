"""Background tasks of letters (Django's Tasks API; see ``undersigned.outbox.tasks``)."""

from django_tasks import task

from undersigned.letters import services


@task()
def text_change_notify(version_id: int, lang: str, diff: str) -> int:
    """Queue the "the text you signed has changed" mail of one text change."""
    return services.text_change_notify(version_id=version_id, lang=lang, diff=diff)
