"""Requests the app cannot read are refused up front with a 400, never a server error."""

from __future__ import annotations

import codecs
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

READABLE = {"utf-8"}


class RefuseUnreadableBodies:
    """A form body declared in a character set other than UTF-8 is refused.

    Every page of ours sends UTF-8. Decoding a body as, say, UTF-16 turns plain ASCII
    into text full of characters the database may refuse, deep inside a view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        charset = request.content_params.get("charset") if request.content_params else None
        if charset and _codec_name(charset) not in READABLE:
            return HttpResponseBadRequest(
                "This form was sent in a character set we cannot read (only UTF-8). "
                "Go back, reload the page and send it again.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _codec_name(charset: str) -> str:
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return charset.lower()
