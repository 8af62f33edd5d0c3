"""`python -m bot telegram …`: one-off set-up of the Telegram bot, run by an operator.

    python -m bot telegram set-webhook URL [--drop-pending-updates] [--max-connections N]
    python -m bot telegram delete-webhook [--drop-pending-updates]
    python -m bot telegram info
    python -m bot telegram set-commands

The webhook is set here, once, and never at every start of the gateway: Telegram rate-limits
setWebhook. It carries TELEGRAM_WEBHOOK_SECRET (the gateway refuses requests without it) and the
update types the channel handles. Settings come from the environment, like the gateway's.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

WEBHOOK_PATH = "/telegram/webhook"
# What Telegram accepts as a secret token.
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def add_telegram_commands(groups: Any) -> None:
    telegram = groups.add_parser("telegram", help="set up the Telegram bot (webhook, menu)")
    commands = telegram.add_subparsers(dest="command", required=True, metavar="COMMAND")

    set_webhook = commands.add_parser(
        "set-webhook",
        help="point Telegram at the gateway's webhook, with the secret token",
        description="Tell Telegram to deliver updates to URL (https, ending in "
        f"{WEBHOOK_PATH}), with TELEGRAM_WEBHOOK_SECRET and the update types the channel "
        "handles. Run it once per deployment, not at every start.",
    )
    set_webhook.add_argument(
        "url", metavar="URL", help=f"e.g. https://pes.example.org{WEBHOOK_PATH}"
    )
    set_webhook.add_argument(
        "--drop-pending-updates", action="store_true", help="discard updates waiting at Telegram"
    )
    set_webhook.add_argument(
        "--max-connections",
        type=int,
        default=40,
        metavar="N",
        help="simultaneous webhook connections Telegram may open, 1-100 (default 40)",
    )
    set_webhook.set_defaults(run=_command(_set_webhook))

    delete_webhook = commands.add_parser(
        "delete-webhook", help="stop webhook delivery (e.g. before TELEGRAM_MODE=polling)"
    )
    delete_webhook.add_argument(
        "--drop-pending-updates", action="store_true", help="discard updates waiting at Telegram"
    )
    delete_webhook.set_defaults(run=_command(_delete_webhook))

    info = commands.add_parser("info", help="the bot, its webhook and its delivery errors")
    info.set_defaults(run=_command(_info))

    menu = commands.add_parser(
        "set-commands", help="set the bot's command menu (English, and Russian for ru users)"
    )
    menu.set_defaults(run=_command(_set_commands))


Action = Callable[[Any, Any, argparse.Namespace], Awaitable[int]]


def _command(action: Action) -> Callable[[argparse.Namespace], int]:
    """A CLI handler running `action(bot, settings, args)` with a started Bot."""

    def run(args: argparse.Namespace) -> int:
        from telegram import Bot
        from telegram.error import InvalidToken, TelegramError

        from common.settings import settings as current_settings

        settings = current_settings()
        if not settings.telegram_bot_token:
            print("error: TELEGRAM_BOT_TOKEN is not set", file=sys.stderr)
            return 2
        token = settings.telegram_bot_token
        base_url = settings.telegram_api_base_url
        bot = Bot(token, base_url=base_url) if base_url else Bot(token)

        async def with_bot() -> int:
            async with bot:
                return await action(bot, settings, args)

        try:
            return asyncio.run(with_bot())
        except InvalidToken:
            print("error: Telegram refused TELEGRAM_BOT_TOKEN", file=sys.stderr)
        except TelegramError as error:
            print(f"error: Telegram answered: {error.message}", file=sys.stderr)
        return 1

    return run


async def _set_webhook(bot: Any, settings: Any, args: argparse.Namespace) -> int:
    from channels.telegram.runtime import ALLOWED_UPDATES

    secret = settings.telegram_webhook_secret
    if not secret:
        print(
            "error: set TELEGRAM_WEBHOOK_SECRET first: the gateway refuses updates without it",
            file=sys.stderr,
        )
        return 2
    if not _SECRET_TOKEN.match(secret):
        print(
            "error: TELEGRAM_WEBHOOK_SECRET may only hold A-Z, a-z, 0-9, _ and - "
            "(1-256 characters)",
            file=sys.stderr,
        )
        return 2
    url = urlsplit(args.url)
    # Telegram itself only calls https URLs; a local Bot API server may call http ones.
    schemes = ("https", "http") if settings.telegram_api_base_url else ("https",)
    if url.scheme not in schemes or not url.netloc:
        print(f"error: {args.url!r} is not an {' or '.join(schemes)} URL", file=sys.stderr)
        return 2
    if not 1 <= args.max_connections <= 100:
        print("error: --max-connections must be between 1 and 100", file=sys.stderr)
        return 2
    if not url.path.endswith(WEBHOOK_PATH):
        print(f"warning: the gateway receives updates at {WEBHOOK_PATH}", file=sys.stderr)
    await bot.set_webhook(
        args.url,
        secret_token=secret,
        allowed_updates=list(ALLOWED_UPDATES),
        drop_pending_updates=args.drop_pending_updates,
        max_connections=args.max_connections,
    )
    print(f"Webhook set: {args.url} (updates: {', '.join(ALLOWED_UPDATES)})")
    return 0


async def _delete_webhook(bot: Any, settings: Any, args: argparse.Namespace) -> int:
    await bot.delete_webhook(drop_pending_updates=args.drop_pending_updates)
    print("Webhook deleted" + (", pending updates dropped" if args.drop_pending_updates else ""))
    return 0


async def _info(bot: Any, settings: Any, args: argparse.Namespace) -> int:
    info = await bot.get_webhook_info()
    print(f"bot:             @{bot.username} (id {bot.id})")
    print(f"webhook:         {info.url or 'none (polling, or not set)'}")
    print(f"pending updates: {info.pending_update_count}")
    if info.url:
        print(f"allowed updates: {', '.join(info.allowed_updates or ()) or 'Telegram default'}")
        print(f"max connections: {info.max_connections}")
    if info.last_error_date:
        print(f"last error:      {info.last_error_date.isoformat()} {info.last_error_message}")
    return 0


async def _set_commands(bot: Any, settings: Any, args: argparse.Namespace) -> int:
    from telegram import BotCommand

    from channels.telegram.app import load_texts

    texts = load_texts(settings)
    languages = settings.languages
    names = tuple(texts.in_language(languages.default)["commands"])  # telegram.yml's order
    for language in languages:
        menu = [BotCommand(name, texts.text(f"commands.{name}", language)) for name in names]
        # The default language's menu is also the menu of every language without one of its own.
        code = None if language == languages.default else language
        await bot.set_my_commands(menu, language_code=code)
    print(f"Command menu set: /{', /'.join(names)} ({', '.join(languages)})")
    return 0
