"""The markup subset of Rasa responses: parsed once, rendered as Telegram HTML."""

from __future__ import annotations

import pytest

from common.markup import Line, Paragraph, Span, parse, telegram_html


def test_bold_links_and_lists_are_parsed_into_a_structure():
    text = (
        "Hello **Anna**!\nSee [the offices](https://demo-pes.example/offices)\n\n- first\n2. second"
    )
    assert parse(text) == [
        Paragraph(
            (
                Line((Span("Hello "), Span("Anna", bold=True), Span("!"))),
                Line((Span("See "), Span("the offices", url="https://demo-pes.example/offices"))),
            )
        ),
        Paragraph((Line((Span("first"),), "•"), Line((Span("second"),), "2."))),
    ]


def test_the_responses_bullets_and_bold_render_as_telegram_html():
    text = "Here is what I can do:\n• **Register** — pre-register you\n• **Benefits** — who"
    assert telegram_html(text) == (
        "Here is what I can do:\n• <b>Register</b> — pre-register you\n• <b>Benefits</b> — who"
    )


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ("2 * 3 = 6, snake_case, *not italic*", "2 * 3 = 6, snake_case, *not italic*"),
        ("<b>not a tag</b>", "&lt;b&gt;not a tag&lt;/b&gt;"),
        ("&amp; stays visible as typed", "&amp;amp; stays visible as typed"),
        ("** spaced ** is not bold", "** spaced ** is not bold"),
        ("an unpaired ** stays", "an unpaired ** stays"),
        ("****", "****"),
        ("[click](javascript:alert(1))", "[click](javascript:alert(1))"),
    ],
)
def test_everything_outside_the_subset_is_escaped_and_kept(text, html):
    assert telegram_html(text) == html


def test_link_addresses_are_escaped_inside_the_attribute():
    html = telegram_html('[form](https://x.example/a?b=1&c="2")')
    assert html == '<a href="https://x.example/a?b=1&amp;c=&quot;2&quot;">form</a>'


def test_bold_around_a_link_and_a_bold_label():
    assert telegram_html("**see [this](https://x.example)**") == (
        '<b>see </b><b><a href="https://x.example">this</a></b>'
    )
    assert (
        telegram_html("[**this**](https://x.example)")
        == '<b><a href="https://x.example">this</a></b>'
    )


def test_blank_lines_separate_paragraphs_and_windows_line_ends_are_understood():
    assert telegram_html("one\r\ntwo\r\n\r\n\r\nthree") == "one\ntwo\n\nthree"
