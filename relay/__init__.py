"""The gateway's one path to Rasa, under the channels, the handoff and the staff console.

The Rasa client, `Conversations` (every channel's message goes through it; an apology when Rasa
fails), the state gateways share through Redis (dedup, rate limits, button payloads), metrics,
the gateway's side of the conversation log, and the typed keys of the aiohttp application.
Runs in the gateway process (`python -m bot serve`).
"""
