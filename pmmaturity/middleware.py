"""Requests the app cannot read are refused up front with a 400 (or a 413 when too large),
never a server error, and never after reading a body too large to take."""

from __future__ import annotations

import codecs
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError

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
        # A body larger than the largest upload we take is refused by its declared length,
        # before a byte of it is read (a 60 MB file was read whole before its "too large").
        if _declared_length(request) > settings.MAX_REQUEST_BYTES:
            return HttpResponse(
                f"This is more than we can take at once (at most "
                f"{settings.MAX_REQUEST_BYTES // 2**20} MB). Go back and send a smaller file.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        if request.method == "POST" and request.content_type == "multipart/form-data":
            # Read here, where a broken body is a 400; read first by the CSRF check, it was a
            # server error.
            try:
                request.POST  # noqa: B018 - parsing is the point
            except MultiPartParserError:
                return HttpResponseBadRequest(
                    "This form arrived broken and could not be read. Go back and send it again.",
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _codec_name(charset: str) -> str:
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return charset.lower()
