"""What each staff role may do, and how a handler says what it needs.

Every route of the console declares its access with `@requires(permission)` or `@public`;
`create_staff_app` refuses to start with a route that declares nothing, so a forgotten
declaration cannot leave a page open. The check itself is `staff.auth.access_middleware`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, TypeVar

from aiohttp import web

PUBLIC: Final = "public"
_REVIEWER: Final = frozenset({"read", "tag", "review", "note", "handoff", "export", "appointments"})
PERMISSIONS: Final[dict[str, frozenset[str]]] = {
    "reviewer": _REVIEWER,
    "admin": _REVIEWER | {"users", "reveal", "export_unmasked", "erase", "settings", "audit"},
}
_ATTRIBUTE: Final = "staff_access"

H = TypeVar("H", bound=Callable[..., object])


def requires(permission: str) -> Callable[[H], H]:
    """The handler needs a logged-in member of staff whose role has `permission`."""
    if not any(permission in granted for granted in PERMISSIONS.values()):
        raise ValueError(f"no role has the permission {permission!r}")

    def mark(handler: H) -> H:
        setattr(handler, _ATTRIBUTE, permission)
        return handler

    return mark


def public(handler: H) -> H:
    """The handler is open to anyone (the login page, the style sheet)."""
    setattr(handler, _ATTRIBUTE, PUBLIC)
    return handler


def access_of(handler: object) -> str | None:
    """The declared access of a route handler: a permission, PUBLIC, or None (undeclared)."""
    access = getattr(handler, _ATTRIBUTE, None)
    return access if isinstance(access, str) else None


def can(role: str, permission: str) -> bool:
    return permission in PERMISSIONS.get(role, frozenset())


def check_declared(app: web.Application) -> None:
    """Raise if a route of `app` declares no access (a programming error)."""
    for route in app.router.routes():
        if access_of(route.handler) is None:
            raise RuntimeError(
                f"{route.method} {route.resource.canonical if route.resource else '?'}: "
                "declare @requires(permission) or @public"
            )
