"""Keep secret link tokens out of the logs (request lines include the URL path)."""

from __future__ import annotations

import logging
import re

# /r/<token>/, /t/<token>/ and /join/<token>/ carry secrets in the path.
TOKEN_IN_PATH = re.compile(r"/(r|t|join)/[A-Za-z0-9_\-]{16,}")


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(lambda m: f"/{m.group(1)}/[redacted]", text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = ()
        return True
