"""The site's search index, built in Python and shipped as a script file.

Browsers refuse ``fetch()`` from ``file://``, so the index is a JavaScript file that the
search page loads with ``<script>`` (as Sphinx ships ``searchindex.js``); it assigns one
JSON object to ``window.PROZESSKIT_SUCHINDEX``. Words are folded exactly as the LeiKa
search folds them (:func:`prozesskit.leika.text.fold`: ä/ae → a, ß → ss, accents gone)
and indexed with their stems; the page folds the query the same way (``suche.js``).

Matching, identical in :func:`search` and in ``suche.js`` (the tests run this one):
a query word matches an index term that starts with it (``gewerbe`` → ``gewerbeanmeldung``:
compounds by prefix), a term that contains it inside a compound (``anmeldung`` →
``gewerbeanmeldung``) or a stem the query word starts with (``anmelden`` → ``anmeld``, the
stem of ``Anmeldung``), each weaker than an exact term. A process must match every query
word; its score is the sum over the words of the best term weight × field weight.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from prozesskit.leika.text import STOPWORDS, stem, words
from prozesskit.site.data import Process, Summary
from prozesskit.site.labels import status_text

INDEX_FILE = "suchindex.js"
GLOBAL = "PROZESSKIT_SUCHINDEX"
VERSION = 1

#: How much a word counts by the field it comes from
W_NAME = 10
W_LEIKA = 8
W_ID = 6
W_LEIKA_NAME = 4
W_BESCHREIBUNG = 3
W_OE = 3
W_BEREICH = 2
W_ATTRIBUT = 1

#: Term weights by how a query word meets a term (see the module docstring)
M_EXACT = 1.0
M_PREFIX = 0.7
M_INNER = 0.5
M_STEM = 0.4
MIN_INNER = 4  # query words shorter than this only match at a term's start
MIN_STEM = 5

_SNIPPET = 160


def _attribute_text(data: dict[str, Any]) -> str:
    """Every scalar of the Steckbrief but the fields weighted on their own, as one text
    (one pass of folding instead of one per value: the index is rebuilt on every run)."""
    merkmale = data.get("merkmale")
    # the names of a Kommune's own attributes say what they are ("ablagenummer")
    parts: list[str] = [str(key) for key in merkmale] if isinstance(merkmale, dict) else []
    stack: list[Any] = [v for k, v in data.items() if k not in _OWN]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            parts.append(str(value))
    return " ".join(parts)


_OWN = frozenset({"name", "id", "beschreibung", "leika", "organisationseinheit", "herkunft"})


def _fields(summary: Summary, data: dict[str, Any], leika_name: str) -> list[tuple[str, int]]:
    return [
        (summary.name, W_NAME),
        (summary.id.replace("-", " "), W_ID),
        (summary.leika, W_LEIKA),
        (leika_name, W_LEIKA_NAME),
        (summary.beschreibung, W_BESCHREIBUNG),
        (summary.organisationseinheit, W_OE),
        (f"{summary.bereich} {summary.bereich_name}", W_BEREICH),
        (_attribute_text(data), W_ATTRIBUT),
    ]


def terms_of(summary: Summary, data: dict[str, Any], leika_name: str
             ) -> tuple[tuple[str, int], ...]:
    """The folded terms (words and their stems) of one Steckbrief with the highest weight
    of the fields they occur in: its part of the index, kept in the site's cache."""
    best: dict[str, int] = {}
    for text, weight in _fields(summary, data, leika_name):
        for word in words(text):
            for term in (word, stem(word)):
                if best.get(term, 0) < weight:
                    best[term] = weight
    return tuple(best.items())


def build_index(processes: Iterable[Process]) -> dict[str, Any]:
    """``docs``: [page, name, Produktbereich, status text, snippet] per process;
    ``terms``: folded term → [doc, weight, doc, weight, …] (highest weight per doc)."""
    docs: list[list[str]] = []
    postings: dict[str, list[int]] = {}
    for number, process in enumerate(processes):
        bereich = " ".join(p for p in (process.bereich, process.bereich_name) if p)
        snippet = " ".join(process.beschreibung.split())
        if len(snippet) > _SNIPPET:
            snippet = snippet[: _SNIPPET - 1].rstrip() + "…"
        docs.append([process.page, process.name, bereich, status_text(process.karte_status),
                     snippet])
        for term, weight in process.summary.terms:  # documents in ascending order
            slot = postings.get(term)
            if slot is None:
                postings[term] = [number, weight]
            else:
                slot += (number, weight)
    terms = {term: postings[term] for term in sorted(postings)}
    return {"version": VERSION, "stopwords": sorted(STOPWORDS), "docs": docs, "terms": terms}


def index_script(index: dict[str, Any]) -> str:
    body = json.dumps(index, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f'"use strict";\nwindow.{GLOBAL} = {body};\n'


def query_words(query: str, stopwords: Iterable[str]) -> list[str]:
    """The query as ``suche.js`` splits it: folded words (``[a-z0-9]+``), no stopwords,
    none of one letter, each once."""
    stop = set(stopwords)
    return list(dict.fromkeys(w for w in words(query) if w not in stop))


def match_weight(word: str, term: str) -> float:
    if term == word:
        return M_EXACT
    if term.startswith(word):
        return M_PREFIX
    if len(word) >= MIN_INNER and word in term:
        return M_INNER
    if len(term) >= MIN_STEM and word.startswith(term):
        return M_STEM
    return 0.0


def search(index: dict[str, Any], query: str) -> list[tuple[str, float]]:
    """(page, score) of the processes that match every query word, best first."""
    found: dict[int, float] | None = None
    for word in query_words(query, index["stopwords"]):
        best: dict[int, float] = {}
        for term, flat in index["terms"].items():
            weight = match_weight(word, term)
            if not weight:
                continue
            for position in range(0, len(flat), 2):
                doc, score = flat[position], weight * flat[position + 1]
                if score > best.get(doc, 0.0):
                    best[doc] = score
        found = best if found is None else {d: s + best[d] for d, s in found.items() if d in best}
    docs = index["docs"]
    ranked = sorted((found or {}).items(), key=lambda item: (-item[1], docs[item[0]][1]))
    return [(docs[doc][0], round(score, 6)) for doc, score in ranked]
