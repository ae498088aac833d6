from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "undersigned.integrations"
    label = "integrations"
    verbose_name = "API tokens and webhooks"

    def ready(self):
        from undersigned.audit import hooks as audit_hooks
        from undersigned.integrations import tasks, webhooks
        from undersigned.outbox import hooks as outbox_hooks

        def tell_webhooks(entry):
            ids = webhooks.deliveries_for(entry)
            if ids:
                tasks.enqueue_deliveries(ids)

        audit_hooks.on_record(tell_webhooks)
        outbox_hooks.on_beat(tasks.retry_due)
