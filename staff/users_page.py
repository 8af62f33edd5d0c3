"""The admins' page of staff accounts: add, disable or enable, set a new password.

An admin cannot disable their own account (the console must keep one admin who can log in);
changing their own password keeps them logged in, and ends their other sessions.
"""

from __future__ import annotations

from typing import Final

from aiohttp import web

from common.storage.staff_models import ROLES
from staff.auth import start_session
from staff.passwords import MIN_LENGTH, PasswordError
from staff.rendering import render
from staff.requests import logged_in_user, user_store
from staff.roles import requires
from staff.transcript import form_text
from staff.users import UserError

routes = web.RouteTableDef()

USER_PATH: Final = r"/users/{username:[A-Za-z0-9._-]{1,64}}"


async def users_page(
    request: web.Request,
    *,
    error: str | None = None,
    status: int = 200,
    form: dict[str, str] | None = None,
) -> web.Response:
    return await render(
        request,
        "users.html",
        {
            "accounts": await user_store(request).all(),
            "roles": ROLES,
            "min_length": MIN_LENGTH,
            "error": error,
            "form": form or {},
            "notice": request.query.get("done"),
        },
        status=status,
    )


@routes.get("/users")
@requires("users")
async def list_users(request: web.Request) -> web.StreamResponse:
    return await users_page(request)


@routes.post("/users")
@requires("users")
async def add_user(request: web.Request) -> web.StreamResponse:
    username = await form_text(request, "username", 100)
    role = await form_text(request, "role", 20)
    password = await _password(request, "password")
    kept = {"username": username, "role": role}
    if password != await _password(request, "password_again"):
        return await users_page(request, error="passwords_differ", status=400, form=kept)
    try:
        await user_store(request).add(username, role, password, by=logged_in_user(request).username)
    except (UserError, PasswordError) as problem:
        return await users_page(request, error=problem.code, status=400, form=kept)
    raise web.HTTPSeeOther("/staff/users?done=user_added")


@routes.post(USER_PATH + "/active")
@requires("users")
async def set_active(request: web.Request) -> web.StreamResponse:
    username = request.match_info["username"]
    active = await form_text(request, "active") == "yes"
    if not active and username.casefold() == logged_in_user(request).username:
        return await users_page(request, error="cannot_disable_self", status=400)
    try:
        await user_store(request).set_active(username, active, by=logged_in_user(request).username)
    except UserError as problem:
        return await users_page(request, error=problem.code, status=404)
    raise web.HTTPSeeOther(f"/staff/users?done={'user_enabled' if active else 'user_disabled'}")


@routes.post(USER_PATH + "/password")
@requires("users")
async def set_password(request: web.Request) -> web.StreamResponse:
    username = request.match_info["username"]
    password = await _password(request, "password")
    if password != await _password(request, "password_again"):
        return await users_page(request, error="passwords_differ", status=400)
    try:
        account = await user_store(request).set_password(
            username, password, by=logged_in_user(request).username
        )
    except UserError as problem:
        return await users_page(request, error=problem.code, status=404)
    except PasswordError as problem:
        return await users_page(request, error=problem.code, status=400)
    if account.id == logged_in_user(request).id:
        await start_session(request, account)
    raise web.HTTPSeeOther("/staff/users?done=password_set")


async def _password(request: web.Request, name: str) -> str:
    """A password field as typed (not stripped: spaces may be part of it)."""
    value = (await request.post()).get(name)
    return value[:1024] if isinstance(value, str) else ""
