"""Files the assistant sends in the web chat (an appointment's .ics), as download links.

The gateway keeps no copy: the link carries the file itself, compressed and signed (HMAC-SHA256
with SECRET_KEY, under a purpose of its own), `GET /webchat/files/<token>/<name>`. A link nobody
signed, or one edited, is refused; only the small text types of `common.messages` are served.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import zlib
from typing import Any, Final

from aiohttp import web

from common.messages import MAX_FILE_CHARS, BotMessage, FileAttachment
from relay.keys import SETTINGS

_PURPOSE: Final = b"pes-webchat-file:"
_MAX_TOKEN: Final = 16 * 1024

routes = web.RouteTableDef()


class FileLinks:
    def __init__(self, secret_key: bytes, prefix: str = "/webchat/files") -> None:
        if not secret_key:
            raise ValueError("a secret key is needed to sign file links")
        self._key = secret_key
        self._prefix = prefix

    def link(self, file: FileAttachment) -> str:
        packed = json.dumps([file.name, file.media_type, file.content]).encode()
        body = base64.urlsafe_b64encode(zlib.compress(packed, 9)).rstrip(b"=").decode()
        return f"{self._prefix}/{body}.{self._signature(body)}/{file.name}"

    def open(self, token: str) -> FileAttachment | None:
        """The file a token carries, or None if this key did not sign it."""
        body, dot, signature = token.partition(".")
        if not dot or len(token) > _MAX_TOKEN or not body.isascii():
            return None
        if not hmac.compare_digest(self._signature(body), signature):
            return None
        try:
            compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            packed = zlib.decompressobj().decompress(compressed, 4 * MAX_FILE_CHARS)
            name, media_type, content = json.loads(packed)
        except (ValueError, zlib.error):  # signed by us, so never expected
            return None
        return FileAttachment.from_custom(
            {"file": {"name": name, "media_type": media_type, "content": content}}
        )

    def frame_fields(self, message: BotMessage) -> dict[str, Any]:
        """The message's file as the widget shows it: a name and a download link (the content
        stays out of the frame)."""
        file = message.file
        if file is None:
            return {}
        custom = {key: value for key, value in (message.custom or {}).items() if key != "file"}
        fields: dict[str, Any] = {"file": {"name": file.name, "url": self.link(file)}}
        if custom:
            fields["custom"] = custom
        return fields

    def _signature(self, body: str) -> str:
        digest = hmac.new(self._key, _PURPOSE + body.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@routes.get(r"/files/{token}/{name}")
async def download(request: web.Request) -> web.StreamResponse:
    links = FileLinks(request.config_dict[SETTINGS].gateway_secret)
    file = links.open(request.match_info["token"])
    if file is None or file.name != request.match_info["name"]:
        raise web.HTTPNotFound(text="No such file.")
    return web.Response(
        text=file.content,
        content_type=file.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{file.name}"',
            "Cache-Control": "private, max-age=86400",
            "X-Content-Type-Options": "nosniff",
        },
    )
