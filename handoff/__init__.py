"""The live handoff to staff: the queue, office hours, holding a conversation, live replies.

Modules: app (`setup_handoff`, wiring into the gateway), service (the flow), store (the queue
in SQL), config + hours (data/content/handoff.yml), bus (events between gateways through Redis
publish/subscribe), streams (this gateway's staff event streams). The staff pages are
`staff.handoff_pages`; each channel registers how it reaches a person
(`channels/webchat/handoff.py`, `channels/telegram/handoff.py`). See docs/handoff.md.
"""
