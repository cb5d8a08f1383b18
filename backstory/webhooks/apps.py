from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "backstory.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks: events sent to other tools"

    def ready(self):
        # Every published event (core.events) becomes one outbox row per subscribed
        # webhook, in the transaction of the write that raised it.
        from backstory.core.events import register_sink

        from .outbox import event_record

        register_sink(event_record)
