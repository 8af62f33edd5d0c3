"""Prometheus metrics of the gateway, in a registry of its own per app (tests build many apps)."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.messages_in = Counter(
            "pes_messages_in",
            "Messages received from people, per channel",
            ["channel"],
            registry=self.registry,
        )
        self.messages_out = Counter(
            "pes_messages_out",
            "Messages sent to people, per channel",
            ["channel"],
            registry=self.registry,
        )
        self.reply_seconds = Histogram(
            "pes_reply_seconds",
            "Time from a person's message to the assistant's reply, per channel",
            ["channel"],
            buckets=(0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10),
            registry=self.registry,
        )
        self.errors = Counter(
            "pes_errors",
            "Errors per channel and kind (rasa_unavailable, bad_frame, rate_limited, delivery …)",
            ["channel", "kind"],
            registry=self.registry,
        )
        self.outbound = Counter(
            "pes_outbound",
            "Outbox deliveries per channel, kind (alert, reminder, staff) and outcome (sent,"
            " failed, retried, held: kept for the person's next web chat visit)",
            ["channel", "kind", "outcome"],
            registry=self.registry,
        )
        self.open_websockets = Gauge(
            "pes_open_websockets", "Web chat connections open now", registry=self.registry
        )
        self.rasa_workers = Gauge(
            "pes_rasa_workers",
            "Rasa workers this gateway knows (RASA_URL), per state: in_rotation (people are"
            " sent there) or out (failing its /status probe, retried)",
            ["state"],
            registry=self.registry,
        )

    def watch_rasa_workers(self, in_rotation: Callable[[], int], configured: int) -> None:
        """Report the workers in and out of the rotation, read whenever /metrics is scraped."""
        self.rasa_workers.labels("in_rotation").set_function(in_rotation)
        self.rasa_workers.labels("out").set_function(lambda: configured - in_rotation())

    async def handle(self, _request: web.Request) -> web.Response:
        body = generate_latest(self.registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
