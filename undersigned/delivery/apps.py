from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "undersigned.delivery"
    label = "delivery"
    verbose_name = "Delivery to recipients"

    def ready(self):
        from undersigned.delivery import services
        from undersigned.outbox import hooks

        hooks.on_sent("delivery", services.delivery_message_sent)
