"""The demo page at `/`: a page of a PES website with the web chat widget embedded by its one tag.

It shows what a PES puts on its own site. The page's texts are data (`demo_page.yml` in the
content directory, every language of languages.yml); `?lang=ru` switches the page, and with it
the widget, which follows the page's `<html lang>`.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from aiohttp import web

from common.languages import Languages
from relay.keys import SETTINGS

TEMPLATES = Path(__file__).resolve().parent / "templates"
_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)

routes = web.RouteTableDef()


def page_language(requested: str | None, languages: Languages, default: str) -> str:
    """The `lang` query parameter when it is a language we speak, else the gateway's default."""
    return languages.supported((requested or "").strip().lower(), default)


# What the page needs: its own scripts and styles, the widget's socket to this server ('self'
# covers ws:/wss: to the same host), and pictures the assistant may send.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' https: data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


@routes.get("/")
async def demo_page(request: web.Request) -> web.Response:
    settings = request.config_dict[SETTINGS]
    texts = settings.texts("demo_page")
    languages = settings.languages
    lang = page_language(request.query.get("lang"), languages, settings.default_language)
    origin = f"{request.scheme}://{request.host}"
    html = _templates.get_template("demo.html").render(
        lang=lang,
        t=texts.in_language(lang),
        languages=[(code, languages.name(code)) for code in languages],
        snippet=(
            f'<script src="{origin}/webchat/widget.js" data-server="{origin}" '
            f'data-lang="{lang}" defer></script>'
        ),
    )
    return web.Response(
        text=html,
        content_type="text/html",
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "Cache-Control": "no-cache",
            "Content-Language": lang,
        },
    )
