"""The console's pages of intakes (registration requests from the pre-registration form): list,
detail, status.

Names, birth dates and contacts are masked; an admin can reveal one registration with a
reason (audited), for instance to call the person back.
"""

from __future__ import annotations

from typing import Final

from aiohttp import web

from common.privacy import MASK, mask_email, mask_name, mask_phone, mask_text
from common.storage.intakes import IntakeRecord, IntakeStore
from common.storage.models import INTAKE_STATUSES
from relay.keys import DATABASE
from staff.inbox import page_number
from staff.rendering import error_response, render
from staff.requests import logged_in_user, staff_settings
from staff.roles import requires
from staff.transcript import MAX_REASON_LENGTH, form_text

routes = web.RouteTableDef()

REFERENCE_PATH: Final = r"/registrations/{reference:[A-Za-z0-9-]{1,16}}"


def masked_fields(registration: IntakeRecord) -> dict[str, str]:
    """What staff see of a registration's personal data by default."""
    contact = registration.contact
    return {
        "full_name": mask_name(registration.full_name),
        "birth_date": MASK,
        "contact": mask_email(contact)
        if registration.contact_kind == "email"
        else mask_phone(contact),
        "region": mask_text(registration.region),
        "last_occupation": mask_text(registration.last_occupation or ""),
    }


def revealed_fields(registration: IntakeRecord) -> dict[str, str]:
    return {
        "full_name": registration.full_name,
        "birth_date": registration.birth_date.isoformat(),
        "contact": registration.contact,
        "region": registration.region,
        "last_occupation": registration.last_occupation or "",
    }


def _store(request: web.Request) -> IntakeStore:
    return IntakeStore(request.config_dict[DATABASE])


@routes.get("/registrations")
@requires("read")
async def registrations_page(request: web.Request) -> web.StreamResponse:
    status = request.query.get("status") or None
    if status not in (None, *INTAKE_STATUSES):
        status = None
    page = await _store(request).page(
        status=status,
        page=page_number(request.query.get("page")),
        page_size=staff_settings(request).page_size,
    )
    return await render(
        request,
        "registrations.html",
        {
            "page": page,
            "status": status,
            "statuses": INTAKE_STATUSES,
            "masked": {item.reference: masked_fields(item) for item in page.intakes},
        },
    )


async def _detail(
    request: web.Request,
    registration: IntakeRecord | None,
    *,
    revealed: bool = False,
    error: str | None = None,
    status: int = 200,
) -> web.StreamResponse:
    if registration is None:
        return await error_response(request, 404, "not_found")
    fields = revealed_fields(registration) if revealed else masked_fields(registration)
    return await render(
        request,
        "registration.html",
        {
            "registration": registration,
            "fields": fields,
            "revealed": revealed,
            "statuses": INTAKE_STATUSES,
            "error": error,
            "notice": request.query.get("done"),
        },
        status=status,
    )


@routes.get(REFERENCE_PATH)
@requires("read")
async def registration_page(request: web.Request) -> web.StreamResponse:
    return await _detail(request, await _store(request).get(request.match_info["reference"]))


@routes.post(REFERENCE_PATH + "/status")
@requires("review")
async def set_status(request: web.Request) -> web.StreamResponse:
    reference = request.match_info["reference"]
    status = await form_text(request, "status", 32)
    try:
        updated = await _store(request).set_status(reference, status)
    except ValueError:
        found = await _store(request).get(reference)
        return await _detail(request, found, error="bad_status", status=400)
    if updated is None:
        return await error_response(request, 404, "not_found")
    raise web.HTTPSeeOther(f"/staff/registrations/{reference}?done=status_saved")


@routes.post(REFERENCE_PATH + "/reveal")
@requires("reveal")
async def reveal(request: web.Request) -> web.StreamResponse:
    reference = request.match_info["reference"]
    reason = await form_text(request, "reason", MAX_REASON_LENGTH)
    if not reason:
        found = await _store(request).get(reference)
        return await _detail(request, found, error="reason_required", status=400)
    revealed = await _store(request).reveal(
        reference, by=logged_in_user(request).username, reason=reason
    )
    return await _detail(request, revealed, revealed=True)
