"""Search the LeiKa catalogue by words or by key.

Ranking is BM25 over four fields with weights (Bezeichnung counts most, then the
OZG-Leistung, then Lebenslage and Themenfeld), because the Bezeichnung is what a
Leistung *is* and the other fields only say where it belongs. Each query word is
expanded to catalogue words: itself, its synonyms (``kfz`` → ``kraftfahrzeug``) and
compounds that contain it (``anmeld`` in ``gewerbeanmeld``), each with a weight below
one, so that the exact word always wins over an expansion of equal rarity. A query
compound that the catalogue does not know ("Gewerbeanmeldung") is split into known
parts ("gewerb" + "anmeld"), unless the lexicon knows it as a whole ("Hundemarke").
A word nobody knows is replaced by the nearest known word (:func:`search_corrected`).

The index is built on first search (about 0.2 s) and cached per catalogue.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from prozesskit.leika.catalog import LeikaCatalog, Leistung
from prozesskit.leika.lexicon import load_lexicon
from prozesskit.leika.text import GENERIC, STOPWORDS, SYNONYMS, fold, stem, stems, words
from prozesskit.leika.tippfehler import Woerter

#: Field weights for BM25F-style scoring. The Rechtsgrundlage names (links removed)
#: count little but tie a Leistung to its law, e.g. "Fahrzeug-Zulassungsverordnung".
FIELD_WEIGHTS: dict[str, float] = {
    "bezeichnung": 3.0,
    "ozg_leistung": 1.2,
    "lebenslage": 0.4,
    "themenfeld": 0.3,
    "rechtsgrundlage": 0.4,
}
_FIELDS = tuple(FIELD_WEIGHTS)
#: Fields whose words "Meinten Sie …?" may propose (law titles are no words people search).
_NAME_FIELDS = ("bezeichnung", "ozg_leistung", "lebenslage", "themenfeld")
_K1 = 1.2
_B = 0.75
#: Weights of expansions relative to the exact word.
W_EXACT = 1.0
W_SYNONYM = 0.9
W_SYNONYM_OF_KNOWN = 0.6
#: Damping of a bare parent Leistung ("Wohngeld", key ending in 000000) when one of its
#: specific Leistungen matches more query words ("Wohngeld beantragen" → Bewilligung).
W_PARENT = 0.8
W_COMPOUND_EDGE = 0.7  # query word at the start or end of a catalogue compound
W_COMPOUND_INNER = 0.5  # query word inside a catalogue compound
#: Damping of the first parts of a split compound whose head only the lexicon knows
#: ("Park|knöllchen"): the head says what is meant (a fine), the modifier only which
#: one; undamped, the modifier's exact catalogue word beat the head's lexicon words.
W_MODIFIER = 0.7
W_GENERIC = 0.3  # damping of generic request verbs, see GENERIC
_MIN_COMPOUND_PART = 4
_MIN_SPLIT_PART = 3
_KEY_PREFIX_MIN = 5
_OBJECT_DIGITS = 8
_PARENT_TAIL = "000000"
_KEY = re.compile(r"^\d+$")
_LINK = re.compile(r"\[[^\]]*\]")

#: Per document: the field-weighted BM25 tf part of a term, one float per field (a list,
#: not a tuple: converting 120,000 of them cost 0.1 s per index build).
FieldParts = list[float]


@dataclass(frozen=True, slots=True)
class Hit:
    """A Leistung found, with its score (higher is better; scale depends on the caller)."""

    leistung: Leistung
    score: float


@dataclass(frozen=True, slots=True)
class Index:
    """Postings of the catalogue: per stem, per document, the field parts (no idf)."""

    docs: tuple[Leistung, ...]
    postings: dict[str, dict[int, FieldParts]]
    doc_no_by_key: dict[str, int]
    #: Filled on use: a query word's expansion scans the whole vocabulary, and the stems of
    #: a Bezeichnung are asked for again and again (``vorschlagen`` over a register).
    expansions: dict[str, dict[str, float]] = field(default_factory=dict, compare=False)
    bezeichnung_stems: dict[int, frozenset[str]] = field(default_factory=dict,
                                                         compare=False)

    #: Filled on use: the parts of words the catalogue does not know (``vorschlagen`` asks
    #: for the same words of name and Beschreibung in several places).
    splits: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    #: Filled on use: the query words a compound the lexicon knows stands for.
    entry_terms: dict[str, tuple[dict[str, float], ...]] = field(default_factory=dict,
                                                                  compare=False)
    #: Filled on the first query word nobody knows: the words for "Meinten Sie …?".
    known_words: list[tuple[Woerter, dict[str, str]]] = field(default_factory=list,
                                                               compare=False)

    def split(self, word: str) -> list[str]:
        """:func:`split_compound` against this index's vocabulary, computed once per word."""
        found = self.splits.get(word)
        if found is None:
            found = self.splits[word] = tuple(split_compound(word, self.postings))
        return list(found)

    def stems_of(self, doc_no: int) -> frozenset[str]:
        """Stems of a Leistung's Bezeichnung, computed once per index."""
        found = self.bezeichnung_stems.get(doc_no)
        if found is None:
            found = self.bezeichnung_stems[doc_no] = frozenset(
                stems(self.docs[doc_no].bezeichnung))
        return found

    @property
    def vocabulary(self) -> Iterable[str]:
        return self.postings.keys()


def field_text(leistung: Leistung, name: str) -> str:
    """Text of a field as indexed: the Rechtsgrundlage without its links."""
    text: str = getattr(leistung, name)
    return _LINK.sub(" ", text) if name == "rechtsgrundlage" else text


def build_index(catalog: LeikaCatalog) -> Index:
    """Tokenise every Leistung once; store BM25 term weights per field without the idf."""
    docs = tuple(catalog)
    width = len(_FIELDS)
    cache: dict[str, list[str]] = {}  # Lebenslage, Themenfeld … repeat a lot

    def cached_stems(text: str) -> list[str]:
        found = cache.get(text)
        if found is None:
            found = cache[text] = stems(text)
        return found

    field_stems = [[cached_stems(field_text(doc, name)) for name in _FIELDS] for doc in docs]
    avg = [max(1.0, sum(len(fs[i]) for fs in field_stems) / max(1, len(docs)))
           for i in range(width)]
    postings: dict[str, dict[int, FieldParts]] = {}
    for doc_no, per_field in enumerate(field_stems):
        for field_no, tokens in enumerate(per_field):
            if not tokens:
                continue
            weight = FIELD_WEIGHTS[_FIELDS[field_no]]
            norm = _K1 * (1 - _B + _B * len(tokens) / avg[field_no])
            for term, tf in Counter(tokens).items():
                parts = postings.setdefault(term, {}).setdefault(doc_no, [0.0] * width)
                parts[field_no] = weight * tf * (_K1 + 1) / (tf + norm)
    return Index(docs, postings, {doc.key: no for no, doc in enumerate(docs)})


@lru_cache(maxsize=4)
def index_for(catalog: LeikaCatalog) -> Index:
    """Cached per catalogue object (the packaged one lives for the process anyway)."""
    return build_index(catalog)


def _known(part: str, vocabulary: Mapping[str, object]) -> str | None:
    """The part as a known word: itself, its stem ("grundsteuer" → "grundsteu"), or a
    lexicon word ("termin")."""
    for form in (part, stem(part)):
        if form in vocabulary or form in synonyms():
            return form
    return None


def split_compound(word: str, vocabulary: Mapping[str, object],
                    depth: int = 0) -> list[str]:
    """"gewerbeanmeld" → ["gewerb", "anmeld"], "sperrmulltermin" → ["sperrmull", "termin"].

    Tries every split point with an optional linking e/s/n ("Hund-e-steuer"), longest
    head first, and splits the tail once more (three-part compounds such as
    "Grundsteuerbescheid" are common in requests); returns [] when no split gives
    known parts. The parts are catalogue words or lexicon words, so the split never
    invents a word neither side knows.
    """
    fallback: list[str] = []
    for cut in range(len(word) - _MIN_SPLIT_PART, _MIN_SPLIT_PART - 1, -1):
        head, tail = word[:cut], word[cut:]
        heads = [head] + ([head[:-1]] if head[-1] in "esn" and len(head) > _MIN_SPLIT_PART
                          else [])
        tails = [tail] + ([tail[1:]] if tail[0] in "esn" and len(tail) > _MIN_SPLIT_PART
                          else [])
        for h in heads:
            known_head = _known(h, vocabulary)
            if known_head is None:
                continue
            for t in tails:
                known_tail = _known(t, vocabulary)
                if known_tail is None:
                    continue
                # a tail only the lexicon knows may be a wrong cut ("Betriebser|laubnis"):
                # a split into two catalogue words goes first ("Betriebs|erlaubnis")
                if known_tail in vocabulary:
                    return [known_head, known_tail]
                fallback = fallback or [known_head, known_tail]
            if depth == 0 and not fallback:
                for t in tails:
                    rest = split_compound(t, vocabulary, depth + 1)
                    if rest:
                        return [known_head, *rest]
    return fallback


@lru_cache(maxsize=1)
def synonyms() -> dict[str, frozenset[str]]:
    """The built-in synonym groups plus the curated lexicon, as stems on both sides."""
    table = {word: set(others) for word, others in SYNONYMS.items()}
    for entry in load_lexicon():
        targets = {stem(w) for target in entry.targets for w in _words(target)}
        for key in {stem(w) for w in _words(entry.word)}:
            table.setdefault(key, set()).update(targets - {key})
    return {word: frozenset(others) for word, others in table.items()}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def expand(word: str, index: Index) -> dict[str, float]:
    """Catalogue words a query word stands for, with their weights.

    A generic request verb ("beantragen") that the lexicon maps onto Verrichtungen
    ("Ausstellung", "Bewilligung") stands for those only: its own letters would find
    "Antrag auf …" Leistungen, which is not what the asker meant.
    """
    cached = index.expansions.get(word)
    if cached is None:
        cached = index.expansions[word] = _expand(word, index)
    return dict(cached)


def _expand(word: str, index: Index) -> dict[str, float]:
    found: dict[str, float] = {}
    alternatives = synonyms().get(word, frozenset())
    if word in index.postings and not (word in GENERIC and alternatives):
        found[word] = W_EXACT
    # A word the catalogue itself uses keeps its own meaning first ("anmelden" is an
    # Anmeldung before it is an Anzeige); a word it lacks lives on its alternatives.
    built_in = SYNONYMS.get(word, frozenset())
    for synonym in alternatives:
        if synonym in index.postings:
            known = word in index.postings and synonym not in built_in
            found.setdefault(synonym, W_SYNONYM_OF_KNOWN if known else W_SYNONYM)
    # A request verb's Verrichtungen stand alone: "Genehmigung" for "beantragen" must not
    # make every "Baugenehmigung" look asked for twice.
    bases = [] if word in GENERIC and alternatives else [word, *alternatives]
    for base in bases:
        if len(base) < _MIN_COMPOUND_PART:
            continue
        for term in index.vocabulary:
            if term == base or base not in term:
                continue
            edge = term.startswith(base) or term.endswith(base)
            weight = (W_COMPOUND_EDGE if edge else W_COMPOUND_INNER)
            if base != word:
                weight *= W_SYNONYM
            if weight > found.get(term, 0.0):
                found[term] = weight
    return found


def query_terms(text: str, index: Index) -> list[dict[str, float]]:
    """One expansion per query word; unknown compounds become their parts.

    Generic verbs of requests ("beantragen", "entgegennehmen") say nothing about
    *which* Leistung is meant, so their expansions are damped.
    """
    return terms_of(stems(text), index)


def terms_of(words: Iterable[str], index: Index, *,
             lexicon_first: bool = False) -> list[dict[str, float]]:
    """:func:`query_terms` of words already stemmed.

    With ``lexicon_first`` (the search), a compound the lexicon knows as a whole is read
    through its entry, not through its parts: the entry says what the compound means
    ("Hundemarke" → Hundesteuer), its parts ("Hund" + "Marke", a trademark) may not.
    Each catalogue word of the entry then counts as one query word, as the parts it
    replaces would have ("Kitaplatz" → Kindertagesstätte + Aufnahme), see
    :func:`_entry_terms`; and a compound split into parts whose head only the lexicon
    knows damps its modifiers (:data:`W_MODIFIER`). ``vorschlagen`` reads whole
    Steckbrief texts with compound rules of its own and a ranker learned on these
    terms, so it keeps the plain split.
    """
    terms: list[dict[str, float]] = []
    seen: set[str] = set()
    for word in words:
        if word in seen:
            continue
        seen.add(word)
        parts = [] if word in index.postings else index.split(word)
        if lexicon_first and parts and word in synonyms():
            found = index.entry_terms.get(word)
            if found is None:
                found = index.entry_terms[word] = tuple(_entry_terms(word, index))
            terms.extend(dict(group) for group in found)
            continue
        for number, part in enumerate(parts or [word], start=1):
            expansion = expand(part, index)
            if part in GENERIC:
                expansion = {term: weight * W_GENERIC for term, weight in expansion.items()}
            elif lexicon_first and number < len(parts) and parts[-1] not in index.postings:
                expansion = {term: weight * W_MODIFIER for term, weight in expansion.items()}
            terms.append(expansion)
    return terms


def _entry_terms(word: str, index: Index) -> list[dict[str, float]]:
    """One query word per catalogue word of a lexicon entry, those that contain one
    another ("Hundesteuer", "Hundesteuermarke") taken as one, each expanded to the
    catalogue compounds containing it as :func:`expand` does."""
    # the word itself too: an entry may name the word as its own catalogue word
    # ("Arbeitsschutz" for the catalogue's "Arbeitsschutzgesetz"), which the synonym
    # table leaves out
    targets = sorted((t for t in synonyms()[word] | {word} if len(t) > 1),
                     key=lambda t: (len(t), t))
    groups: list[dict[str, float]] = []
    for target in targets:
        expansion = {target: W_SYNONYM} if target in index.postings else {}
        if len(target) >= _MIN_COMPOUND_PART:
            for term in index.vocabulary:
                if term != target and target in term:
                    edge = term.startswith(target) or term.endswith(target)
                    weight = (W_COMPOUND_EDGE if edge else W_COMPOUND_INNER) * W_SYNONYM
                    expansion[term] = max(weight, expansion.get(term, 0.0))
        group = next((g for g in groups if any(t in target for t in g)), None)
        if group is None:
            groups.append(expansion)
            continue
        for term, weight in expansion.items():
            group[term] = max(weight, group.get(term, 0.0))
    return [group for group in groups if group]


def union_idf(expansion: Mapping[str, float], index: Index) -> float:
    """idf of a query word = idf of all documents any of its expansions occurs in.

    Per-expansion idf would let a rare synonym ("fahrzeug") outrank the common word the
    user meant ("kraftfahrzeug" for "Kfz"); one idf per query word leaves the choice
    between expansions to their weights and to the field scores.
    """
    docs: set[int] = set()
    for term in expansion:
        docs.update(index.postings[term])
    total = len(index.docs)
    return math.log(1 + (total - len(docs) + 0.5) / (len(docs) + 0.5))


def _word_score(expansion: dict[str, float], index: Index) -> dict[int, float]:
    """BM25F of one query word: per field the best expansion, summed over fields."""
    per_doc: dict[int, list[float]] = {}
    for term, weight in expansion.items():
        for doc_no, parts in index.postings[term].items():
            best = per_doc.get(doc_no)
            if best is None:
                per_doc[doc_no] = [weight * part for part in parts]
                continue
            for i, part in enumerate(parts):
                if weight * part > best[i]:
                    best[i] = weight * part
    idf = union_idf(expansion, index)
    return {doc_no: idf * sum(parts) for doc_no, parts in per_doc.items()}


def score_documents(terms: list[dict[str, float]], index: Index) -> dict[int, float]:
    """Sum of the query words' scores, damped by coverage.

    The coverage factor (matched words / query words) makes a Leistung that matches
    every word beat one that matches a single rare word many times.
    """
    totals: dict[int, float] = {}
    matched: Counter[int] = Counter()
    for expansion in terms:
        for doc_no, value in _word_score(expansion, index).items():
            totals[doc_no] = totals.get(doc_no, 0.0) + value
            matched[doc_no] += 1
    count = max(1, len(terms))
    scores = {doc_no: value * (0.5 + 0.5 * matched[doc_no] / count)
              for doc_no, value in totals.items()}
    return _prefer_specific(scores, matched, index, terms)


def _prefer_specific(scores: dict[int, float], matched: Counter[int], index: Index,
                     terms: list[dict[str, float]] | None = None) -> dict[int, float]:
    """Damp a bare parent key when the query names one of its children's Verrichtungen.

    LeiKa keys are Leistungsobjekt (8 digits) + Verrichtung (3) + Detail (3); the bare
    parent (Verrichtung 000) is shorter and so wins BM25 on the object's words alone,
    although the asker named the Verrichtung ("Jagdschein verlängern"). A child names
    the Verrichtung in the words its Bezeichnung adds to the parent's ("Wohngeld" →
    "Wohngeld Bewilligung"); when a query word stands for one of those, or the child
    simply matches more query words, the parent steps back.
    """
    named: set[str] = set()
    best_child: dict[str, int] = {}
    directs = [_direct(expansion) for expansion in terms or []]
    for doc_no in scores:
        leistung = index.docs[doc_no]
        if leistung.key.endswith(_PARENT_TAIL):
            continue
        prefix = leistung.key[:_OBJECT_DIGITS]
        best_child[prefix] = max(best_child.get(prefix, 0), matched[doc_no])
        parent_no = index.doc_no_by_key.get(prefix + _PARENT_TAIL)
        if prefix in named or parent_no is None or not directs:
            continue
        parent_words = index.stems_of(parent_no)
        added = index.stems_of(doc_no) - parent_words
        for direct in directs:  # a query word the parent's name lacks names the addition
            if added.intersection(direct) and not parent_words.intersection(direct):
                named.add(prefix)
                break
    for doc_no in scores:
        key = index.docs[doc_no].key
        if not key.endswith(_PARENT_TAIL):
            continue
        prefix = key[:_OBJECT_DIGITS]
        if prefix in named or best_child.get(prefix, 0) > matched[doc_no]:
            scores[doc_no] *= W_PARENT
    return scores


def _direct(expansion: Mapping[str, float]) -> set[str]:
    """The words a query word itself stands for, without the compounds that merely
    contain one of them ("genehmig", not "baugenehmig")."""
    return {term for term in expansion
            if not any(other != term and other in term for other in expansion)}


def _rank(scores: dict[int, float], index: Index, limit: int) -> list[Hit]:
    ranked = sorted(scores.items(), key=lambda item: (-item[1], index.docs[item[0]].key))
    return [Hit(index.docs[doc_no], round(score, 4)) for doc_no, score in ranked[:limit]]


def search_key(catalog: LeikaCatalog, key: str, limit: int = 10) -> list[Hit]:
    """A full key first (score 1.0), then further keys with the query as prefix."""
    exact = catalog.get(key)
    hits = [Hit(exact, 1.0)] if exact is not None else []
    if len(hits) < limit:
        more = sorted((leistung for leistung in catalog
                       if leistung.key.startswith(key) and leistung.key != key),
                      key=lambda leistung: leistung.key)
        hits.extend(Hit(leistung, 0.5) for leistung in more[: limit - len(hits)])
    return hits


def search_terms(catalog: LeikaCatalog, terms: list[dict[str, float]],
                 limit: int = 10) -> list[Hit]:
    """Leistungen matching query words already expanded (see :func:`query_terms`): for
    callers that add words of their own (``vorschlagen``: the heads of compounds)."""
    terms = [t for t in terms if t]
    if not terms or limit <= 0:
        return []
    index = index_for(catalog)
    return _rank(score_documents(terms, index), index, limit)


@dataclass(frozen=True, slots=True)
class Result:
    """Hits of a search and, if a word was corrected, the query searched instead."""

    hits: list[Hit]
    #: The query as searched ("Personalausweis beantragen"), None if nothing was corrected.
    corrected: str | None = None
    #: (word as typed, word searched instead), in query order.
    corrections: tuple[tuple[str, str], ...] = ()


def search(catalog: LeikaCatalog, query: str, limit: int = 10) -> list[Hit]:
    """Leistungen matching ``query``: a key (14 digits or a prefix of ≥ 5) or words.

    The plain search ``vorschlagen`` builds its candidates with: words taken as written
    (a Steckbrief's names and abbreviations are no typos) and compounds split as
    :func:`query_terms` does (its ranker was learned on those). ``prozesskit leika
    SUCHE`` uses :func:`search_corrected`."""
    return _search(catalog, query, limit, correct=False).hits


def search_corrected(catalog: LeikaCatalog, query: str, limit: int = 10) -> Result:
    """The search of ``prozesskit leika SUCHE``: :func:`search` with the lexicon before
    the compound split (``lexicon_first`` of :func:`terms_of`), and with a word neither
    catalogue nor lexicon knows replaced by the nearest known word ("Persnalausweis" →
    "Personalausweis"; see :mod:`prozesskit.leika.tippfehler`), so that a typo does not
    end in no hits; the caller says which words were replaced ("Meinten Sie …?")."""
    return _search(catalog, query, limit, correct=True)


def _search(catalog: LeikaCatalog, query: str, limit: int, *, correct: bool) -> Result:
    compact = re.sub(r"[\s.]", "", query)
    if _KEY.match(compact) and len(compact) >= _KEY_PREFIX_MIN:
        return Result(search_key(catalog, compact, limit))
    if limit <= 0:
        return Result([])
    index = index_for(catalog)
    typed = words(query)
    corrections: dict[str, str] = {}
    for word in typed if correct else ():
        if word not in corrections and not word.isdigit() and not _contributes(word, index):
            nearest = _known_words(index)[0].nearest(word)
            if nearest is not None and _contributes(nearest, index):
                corrections[word] = nearest
    terms = [t for t in terms_of((stem(corrections.get(w, w)) for w in typed), index,
                                 lexicon_first=correct) if t]
    hits = _rank(score_documents(terms, index), index, limit) if terms else []
    if not corrections:
        return Result(hits)
    shown = _known_words(index)[1]
    pairs: dict[str, str] = {}
    for token in re.findall(r"\w+", query):
        fixed = corrections.get(fold(token))
        if fixed:
            pairs.setdefault(token, shown.get(fixed, fixed))
    return Result(hits, _replace_words(query, corrections, shown), tuple(pairs.items()))


def _contributes(word: str, index: Index) -> bool:
    """Whether a folded query word finds anything at all (itself, a synonym, a compound
    containing it, or known parts)."""
    stemmed = stem(word)
    return bool(stemmed in index.postings or stemmed in synonyms()
                or index.split(stemmed) or expand(stemmed, index))


def _known_words(index: Index) -> tuple[Woerter, dict[str, str]]:
    """The words of the catalogue's names (Bezeichnung, OZG-Leistung, Lebenslage,
    Themenfeld; not the law titles) and of the lexicon, each with the number of
    Leistungen using it and its spelling as written there (for "Meinten Sie …?")."""
    if not index.known_words:
        counts: Counter[str] = Counter()
        shown: dict[str, str] = {}

        def add(text: str) -> set[str]:
            found: set[str] = set()
            for token in re.findall(r"\w+", text):
                folded = fold(token)
                if len(folded) > 1 and folded not in STOPWORDS and folded.isalpha():
                    found.add(folded)
                    shown.setdefault(folded, token)
            return found

        seen: dict[str, set[str]] = {}  # Lebenslage, Themenfeld … repeat a lot
        for doc in index.docs:
            found: set[str] = set()
            for name in _NAME_FIELDS:
                text = getattr(doc, name)
                words_of = seen.get(text)
                if words_of is None:
                    words_of = seen[text] = add(text)
                found |= words_of
            counts.update(found)
        for entry in load_lexicon():
            for text in (entry.word, *entry.targets):
                for folded in add(text):
                    counts.setdefault(folded, 1)
        index.known_words.append((Woerter.of(counts), shown))
    return index.known_words[0]


def _replace_words(query: str, corrections: Mapping[str, str],
                   shown: Mapping[str, str]) -> str:
    """The query with each corrected word replaced, everything else as typed."""
    def replace(match: re.Match[str]) -> str:
        typed = match.group(0)
        fixed = corrections.get(fold(typed))
        if not fixed:
            return typed
        written = shown.get(fixed, fixed)
        return written[0].upper() + written[1:] if typed[0].isupper() else written

    return re.sub(r"\w+", replace, query)
