"""What a console request knows: the member of staff, their language, the settings and texts."""

from __future__ import annotations

from typing import Final

from aiohttp import web
from aiohttp_session import get_session

from common.settings import StaffSettings
from common.storage.columns import utc_now
from common.texts import Texts, Translate
from relay.keys import DATABASE, SETTINGS
from staff.keys import CLOCK, STAFF_SETTINGS
from staff.login_sessions import LoginSessions
from staff.users import StaffAccount, UserStore

_USER: Final = "staff.user"
LANGUAGE_KEY: Final = "lang"


def current_user(request: web.Request) -> StaffAccount | None:
    """The logged-in member of staff (set by the access middleware), or None."""
    user = request.get(_USER)
    return user if isinstance(user, StaffAccount) else None


def set_current_user(request: web.Request, user: StaffAccount | None) -> None:
    request[_USER] = user


def logged_in_user(request: web.Request) -> StaffAccount:
    """The member of staff of a request that passed the access check."""
    user = current_user(request)
    if user is None:
        raise RuntimeError("this handler must be declared with @requires(...)")
    return user


def staff_settings(request: web.Request) -> StaffSettings:
    return request.config_dict[STAFF_SETTINGS]


def user_store(request: web.Request) -> UserStore:
    return UserStore(
        request.config_dict[DATABASE], bcrypt_rounds=staff_settings(request).bcrypt_rounds
    )


def login_sessions(request: web.Request) -> LoginSessions:
    clock = request.config_dict.get(CLOCK, utc_now)
    return LoginSessions(request.config_dict[DATABASE], staff_settings(request), clock=clock)


def texts(request: web.Request) -> Texts:
    settings = request.config_dict[SETTINGS]
    return settings.texts("staff_console")


async def current_language(request: web.Request) -> str:
    """The language chosen in this session, else the gateway's default language."""
    chosen = (await get_session(request)).get(LANGUAGE_KEY)
    settings = request.config_dict[SETTINGS]
    return settings.languages.supported(chosen, settings.default_language)


async def translator(request: web.Request) -> Translate:
    return texts(request).translator(await current_language(request))
