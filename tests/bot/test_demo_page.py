"""The demo page at `/`: a PES site page in the visitor's language with the widget's one tag."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support.gateway import make_settings

from bot.app import create_app


async def get_page(aiohttp_client: Any, tmp_path: Path, query: str = "") -> tuple[Any, str]:
    client = await aiohttp_client(create_app(make_settings(tmp_path)))
    response = await client.get(f"/{query}")
    return response, await response.text()


async def test_the_demo_page_is_a_pes_page_with_the_widget_embedded_by_one_tag(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    response, html = await get_page(aiohttp_client, tmp_path)

    assert response.status == 200
    assert response.content_type == "text/html"
    assert '<html lang="en">' in html
    assert "Public Employment Service" in html
    assert html.count('<script src="/webchat/widget.js" defer></script>') == 1
    # The snippet shown to site owners is text on the page, not a second script.
    assert "&lt;script src=&#34;http://127.0.0.1:" in html
    assert "/webchat/widget.js&#34; data-server=&#34;http://127.0.0.1:" in html
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy


async def test_lang_ru_switches_the_page_to_russian(aiohttp_client: Any, tmp_path: Path) -> None:
    response, html = await get_page(aiohttp_client, tmp_path, "?lang=ru")

    assert '<html lang="ru">' in html
    assert response.headers["Content-Language"] == "ru"
    assert "Служба занятости населения" in html
    assert "data-lang=&#34;ru&#34;" in html
    assert '<a href="?lang=en" lang="en" hreflang="en">English</a>' in html


async def test_an_unknown_or_hostile_language_falls_back_to_the_default(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    for query in ("?lang=de", "?lang=%3Cscript%3Ealert(1)%3C/script%3E", "?lang="):
        response, html = await get_page(aiohttp_client, tmp_path, query)
        assert response.status == 200
        assert '<html lang="en">' in html
        assert "<script>alert(1)" not in html
