"""Counters every server process shares: the rate limits and throttles."""

from django.db import models


class RateCounter(models.Model):
    """One fixed-window counter (a keyed digest of scope and key: no address or email is
    stored). Counted by an atomic upsert, so several processes and machines on one
    database count exactly (``core.ratelimit``)."""

    key = models.CharField(max_length=64, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.FloatField(db_index=True)  # epoch seconds

    class Meta:
        db_table = "core_ratecounter"  # named in core.ratelimit's upsert

    def __str__(self) -> str:
        return f"{self.key[:8]}…: {self.count}"
