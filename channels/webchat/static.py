"""`GET /webchat/widget.js` and `/webchat/widget.css`: the widget's files, as they are on disk.

They are loaded by `<script src>` / `<link>` from the PES site's pages (another origin), which
needs no CORS; `Access-Control-Allow-Origin: *` is still sent so a page may add `integrity=` (SRI).
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web
from aiohttp.typedefs import Handler

STATIC_DIR = Path(__file__).resolve().parent / "static"
WIDGET_FILES = {
    "widget.js": "text/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
}
CACHE_CONTROL = "public, max-age=300"


def widget_routes(static_dir: Path) -> list[web.RouteDef]:
    return [
        web.get(f"/{name}", _file_handler(static_dir / name, kind))
        for name, kind in WIDGET_FILES.items()
    ]


def _file_handler(path: Path, content_type: str) -> Handler:
    async def serve(_request: web.Request) -> web.StreamResponse:
        if not path.is_file():
            raise web.HTTPNotFound(text=f"{path.name} is not installed")
        headers = {
            "Content-Type": content_type,
            "Cache-Control": CACHE_CONTROL,
            "Access-Control-Allow-Origin": "*",
        }
        return web.FileResponse(path, headers=headers)

    return serve
