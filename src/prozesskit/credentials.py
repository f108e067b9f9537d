"""URLs without the secrets people put into them.

Private libraries on GitLab/openCode are cloned with ``https://oauth2:TOKEN@host/…`` (or
GitHub's ``https://TOKEN@github.com/…``). prozesskit uses such a URL to clone, but whatever it
writes into the register (``prozesskit.lock``, ``prozesskit.yaml``, a Steckbrief's
``herkunft``) is committed and pushed, and whatever it prints lands in CI logs and published
reports: both must carry the URL without its credentials. Git finds them again through its
credential helper or an ``insteadOf`` rule, or the user passes the URL with token again.
"""

from __future__ import annotations

import re

# scheme://userinfo@ at the start of a spec (URL[@ref][#pfad]); userinfo has no '/' and no '@'
_USERINFO = re.compile(r"^([a-z][a-z0-9+.-]*://)([^/@]*)@", re.IGNORECASE)


def without_credentials(spec: str) -> str:
    """``spec`` with the secret part of a URL's user information removed: for ssh (also
    ``git+ssh``) only ``:password`` (``ssh://git@host/…`` needs its user name to work), for
    every other scheme (``https``, ``git+https``, …) the whole user information (a token
    may stand where the user name does). Anything that is
    not such a URL (folders, ``git@host:pfad``, ``prozesskit:kreis``) is returned as is."""
    return _USERINFO.sub(_kept, spec, count=1)


def url_key(url: object) -> str:
    """A URL as the lock records it, for comparing: without credentials (a manifest or lock
    written before prozesskit stopped storing tokens may still hold one); "" for no text."""
    return without_credentials(url) if isinstance(url, str) else ""


def _kept(match: re.Match[str]) -> str:
    """What stays of ``scheme://userinfo@``."""
    scheme, userinfo = match.group(1), match.group(2)
    if scheme.lower().removeprefix("git+") != "ssh://":  # https, git+https, http, file, …
        return scheme
    user, colon, _ = userinfo.partition(":")
    return f"{scheme}{user}@" if colon else match.group(0)


# any URL in a text (a message that quotes git, a spec inside a sentence)
_ANY_USERINFO = re.compile(r"\b([a-z][a-z0-9+.-]*://)([^/@\s'\"]*)@", re.IGNORECASE)


def scrubbed(text: str) -> str:
    """``text`` with every URL in it :func:`without_credentials`: the last guard before a
    message reaches the terminal or a CI log, for messages that quote a URL as given."""
    return _ANY_USERINFO.sub(_kept, text)
