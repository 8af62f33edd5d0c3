"""`GET /webchat/widget.js` and `/webchat/widget.css`: the widget's files.

They are loaded by `<script src>` / `<link>` from the PES site's pages (another origin), which
needs no CORS; `Access-Control-Allow-Origin: *` is still sent so a page may add `integrity=` (SRI).
widget.js is served with the widget's own words (data/content/webchat.yml, every language of
languages.yml, the default first) put between its `/*pes:strings*/` markers.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from aiohttp import web
from aiohttp.typedefs import Handler

from common.settings import Settings
from relay.keys import SETTINGS

STATIC_DIR = Path(__file__).resolve().parent / "static"
WIDGET_FILES = {
    "widget.js": "text/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
}
CACHE_CONTROL = "public, max-age=300"
_STRINGS = re.compile(r"/\*pes:strings\*/.*?/\*pes:strings-end\*/", re.DOTALL)


def widget_routes(static_dir: Path) -> list[web.RouteDef]:
    return [
        web.get(f"/{name}", _file_handler(static_dir / name, kind))
        for name, kind in WIDGET_FILES.items()
    ]


def widget_strings(settings: Settings) -> dict[str, object]:
    """The widget's words by language, the default language first (the widget's fallback)."""
    texts = settings.texts("webchat")
    order = [settings.default_language, *settings.languages.codes]
    return {language: texts.in_language(language) for language in dict.fromkeys(order)}


def _file_handler(path: Path, content_type: str) -> Handler:
    async def serve(request: web.Request) -> web.StreamResponse:
        if not path.is_file():
            raise web.HTTPNotFound(text=f"{path.name} is not installed")
        headers = {
            "Content-Type": content_type,
            "Cache-Control": CACHE_CONTROL,
            "Access-Control-Allow-Origin": "*",
        }
        if path.suffix != ".js":
            return web.FileResponse(path, headers=headers)
        script = _script(path, path.stat().st_mtime_ns, request.config_dict[SETTINGS])
        return web.Response(body=script, headers=headers)

    return serve


@lru_cache(maxsize=8)
def _script(path: Path, _modified: int, settings: Settings) -> bytes:
    """The script with the strings put in (kept until the file or the settings change)."""
    strings = json.dumps(widget_strings(settings), ensure_ascii=False)
    source = path.read_text(encoding="utf-8")
    return _STRINGS.sub(lambda _: strings, source, count=1).encode()
