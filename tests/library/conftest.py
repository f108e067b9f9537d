"""Every register comparison in these tests runs twice: as ``diff`` runs it (Steckbriefe
the lock's checksums recognise stay unparsed) and with no checksum known (every file the
comparison looks at is parsed, as before the lazy view). Both must give the same result,
so each diff test is also a test that the shortcut changes nothing it reports."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from prozesskit.library import vergleich
from prozesskit.library.vergleich_ergebnis import RegisterVergleich

_lazy = vergleich.compare_register


def _nothing_known(*_args: Any) -> dict[str, Any]:
    return {}


def _both_ways(root: Path, specs: Sequence[str] = (), ids: Sequence[str] = (),
               **options: Any) -> RegisterVergleich:
    result = _lazy(root, specs, ids, **options)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vergleich, "local_known", _nothing_known)
        patch.setattr(vergleich, "upstream_known", _nothing_known)
        options.pop("opened", None)  # the register again, without checksums
        full = _lazy(root, specs, ids, **options)
    if result.to_json("test") != full.to_json("test"):  # pytest.fail: past the CLI's catch-all
        pytest.fail(f"lazy and full comparison differ:\n{result.to_json('test')}\n"
                    f"{full.to_json('test')}")
    return result


@pytest.fixture(autouse=True)
def _compare_lazy_and_full(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(vergleich, "compare_register", _both_ways)
    yield
