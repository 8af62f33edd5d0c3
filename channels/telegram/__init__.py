"""The Telegram channel (python-telegram-bot), plugged into the gateway by `setup_telegram`.

Modules: app (wiring into the gateway), runtime (the PTB application: build, start, stop,
health), webhook (POST /telegram/webhook), handlers (what each update does), rendering (the
assistant's messages as Bot API calls), delivery (ordered sending with retries), callbacks
(button payloads within 64 bytes), chats (sender ids, language, group addressing), blocked,
ordering and locks (per-chat order). See docs/telegram.md.
"""

from channels.telegram.app import setup_telegram

__all__ = ["setup_telegram"]
