"""``# prozesskit: ignore PK-S011`` comments in YAML files.

A comment at the end of a line silences the listed rules for that line; on a line of its
own it silences them for the next line; ``# prozesskit: ignore-datei PK-S011`` silences
them for the whole file. Listing no code means every (non-core) rule; duplicate-key and
schema problems (PK-S003, PK-S004) are silenced only when their code is named.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_MARK = "prozesskit:"
_COMMENT = re.compile(r"#\s*prozesskit:\s*(ignore-datei|ignore)\b([^#\n]*)")
ALL = "*"


def scan(text: str) -> dict[int, frozenset[str]]:
    """Line (1-based; 0 = file) → codes silenced there. Cheap when there is no marker."""
    if _MARK not in text:
        return {}
    result: dict[int, set[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _COMMENT.search(line)
        if not match:
            continue
        codes = {c for c in re.split(r"[\s,]+", match.group(2).strip()) if c} or {ALL}
        own_line = line[: match.start()].strip() == ""
        target = 0 if match.group(1) == "ignore-datei" else (number + 1 if own_line else number)
        result.setdefault(target, set()).update(codes)
    return {line: frozenset(codes) for line, codes in result.items()}


def is_suppressed(table: Mapping[int, frozenset[str]], line: int | None, code: str) -> bool:
    for key in (0, line or -1):
        codes = table.get(key)
        if codes and (code in codes or ALL in codes):
            return True
    return False


#: Loader checks of a parsed file that a comment may silence, but only by naming the code:
#: a blanket ``# prozesskit: ignore`` must not hide a duplicate key or a schema error.
NAMED_ONLY = frozenset({"PK-S003", "PK-S004"})


def is_named(table: Mapping[int, frozenset[str]], line: int | None, code: str) -> bool:
    """True when a comment names ``code`` (one of NAMED_ONLY) for this line or the file."""
    if code not in NAMED_ONLY:
        return False
    return any(code in table.get(key, frozenset()) for key in (0, line or -1))
