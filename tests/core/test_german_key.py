"""One German order (ä as ae, DIN 5007-2) for netz, bericht and the site: the site sorted
with casefold, so 'Ämter…' came after 'Zulassung…' while bericht put it first."""

from __future__ import annotations

from prozesskit.model.kennung import german_key


def test_umlauts_sort_as_their_spelled_out_form() -> None:
    names = ["Zulassung erteilen", "Ämter beraten", "Kulturamt fördern", "Kämmerei prüfen"]
    assert sorted(names, key=german_key) == [
        "Ämter beraten", "Kämmerei prüfen", "Kulturamt fördern", "Zulassung erteilen"]
