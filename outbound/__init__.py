"""Outbound delivery: the worker that sends what the outbox holds (`common.storage.outbox`).

Alerts, appointment reminders and staff messages are queued in SQL by whoever makes them; the
worker (`worker.py`) sends each row when it is due, through the sender each channel registers
(`channels/telegram/outbound.py`, `channels/webchat/outbound.py`), at each channel's rate
(`limits.py`), retrying with backoff. Web chat messages for a person with no chat window open
are kept and shown at their next visit (`held.py`). See docs/outbound.md.
"""
