"""What higher layers want done with each change as it is recorded: ``on_record(fn)``
(called from their ``AppConfig.ready``); ``audit_record`` calls ``fn(entry)`` inside the
transaction of the change, so what ``fn`` writes commits or rolls back with it. The audit
log is the one stream of what happened; webhooks (``integrations``) are made from it."""

_listeners: list = []


def on_record(fn) -> None:
    if fn not in _listeners:
        _listeners.append(fn)


def recorded(entry) -> None:
    for fn in _listeners:
        fn(entry)
