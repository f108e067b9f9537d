"""Propose LeiKa keys for Steckbriefe that have none, and write chosen keys.

Search ranks by raw BM25, whose scale depends on the query; a proposal needs a score a
person can judge and a threshold can cut, so :func:`suggest` re-scores the search's
candidates on a 0–1 scale:

* *Abdeckung der Leistung* — how much of the candidate's Bezeichnung (Leistungsobjekt
  and Verrichtung, idf-weighted) the Steckbrief's texts mention;
* *Abdeckung des Namens* — how much of the Steckbrief's name the candidate's
  Bezeichnung (fully) or OZG-Leistung (half) covers;
* a small bonus when OZG-Id/OZG-Leistung or a cited law agree, and a small penalty for
  a Verrichtungsdetail (the last three digits of the key are not 000).

Writing goes through the ruamel edit path so that comments, quoting and key order of
hand-written files survive; only the ``leika`` line is added or changed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from prozesskit.errors import InputError
from prozesskit.fsutil import contained, posix_relative
from prozesskit.leika.catalog import LeikaCatalog, Leistung
from prozesskit.leika.felder import is_key, process_keys
from prozesskit.leika.rangfolge import Merkmale, Rang, load_model, rang_vector
from prozesskit.leika.search import (
    Hit,
    Index,
    index_for,
    query_terms,
    search,
    search_terms,
    synonyms,
    union_idf,
)
from prozesskit.leika.text import GENERIC, fold, stem, stems
from prozesskit.leika.verrichtung import (
    OBJECT_DIGITS,
    Verrichtungen,
    code_of,
    named_codes,
    verb_table,
    verrichtungen,
)
from prozesskit.problem import Level
from prozesskit.register.discover import RegisterFiles, discover
from prozesskit.validation.layout import STECKBRIEF_DIR
from prozesskit.yamlio.edit import load_file, save_file
from prozesskit.yamlio.read import parse_yaml

#: Below this normalised score nothing is proposed (and ``--schreiben`` writes nothing).
THRESHOLD = 0.5
#: Below the threshold, candidates are still listed to check by hand ("unsicher", never
#: written) down to this best evidence: below it they are noise ("Interne Sitzungsvorlagen
#: ablegen" → "Wohnsitz", 0.15). Chosen on the tuning half: the lowest value at which the
#: key is as often among the first three as with no lower bound at all (208 of 218), with
#: half as many key-less Steckbriefe showing a list (94 instead of 186 of 195).
UNSICHER_AB = 0.15
#: Candidates taken from search before re-scoring.
CANDIDATES = 40
W_LEISTUNG = 0.45
W_NAME = 0.35
BONUS_OZG = 0.1
BONUS_RECHT = 0.1
#: A Steckbrief usually describes a Leistung at the level of its Verrichtung ("Kraftfahrzeug
#: Zulassung"); a Verrichtungsdetail ("… neu aus EU-Land", key not ending in 000) should
#: only win when the Steckbrief's words clearly point to it.
DETAIL_PENALTY = 0.05
#: How strongly a part of a Steckbrief's compound names a Leistungsobjekt: the head (last
#: part) says what the thing is ("Finanzbericht" is a Bericht), a modifier only what it
#: concerns ("Kindertagesstättenbedarfsplan" is no Kindertagesstätte).
W_HEAD = 0.8
W_MODIFIER = 0.4
#: How much a Leistungsobjekt the Steckbrief does not name lowers the score: by half when
#: none of it is named ("Gebühr festsetzen" is no "Veranstaltung Festsetzung").
W_OBJEKT = 0.5
#: A word of the Leistungsobjekt the Steckbrief never names ("Ausland" in "Geburt im
#: Ausland", "Vormund" in "Aufwandsentschädigung für den Vormund") makes it another
#: Leistung: each such word lowers the score by this share.
W_UNNAMED = 0.6
MIN_PART = 4
NEGATION = "nicht"
#: Words that join the nouns of an object into one group of alternatives.
CONJUNCTIONS = frozenset({"und", "oder", ","})
#: Nouns of a Leistungsobjekt that frame the thing rather than name another one: its
#: operation or setting up ("Genehmigung zum *Betrieb* von Krankentransporten",
#: "*Errichtung* und *Betrieb* von Anlagen nach BImSchG"), the procedure ("*Verfahren*
#: zur Annahme als Kind"), a part of a document ("Zulassungsbescheinigung *Teil* I"). A
#: Steckbrief that leaves them out still means that Leistung; they still count in the
#: coverage, where saying them helps.
FRAME_NOUNS = frozenset(stem(fold(word)) for word in (
    "Betrieb", "Errichtung", "Verfahren", "Teil"))
PREFIX = 6
PREFIX_DETAIL = 5
#: A Verrichtungsdetail whose words the Steckbrief says wins over the plain Verrichtung
#: (and loses DETAIL_PENALTY only when it says none of them).
W_DETAIL = 0.1
PREFIX_SHARE = 0.6
CONTAINED_SHARE = 0.5
#: Weight of a lexicon synonym when it names an object: the lexicon is made for citizens'
#: words in the search and maps broadly ("Jugendamt" → "Hilfe zur Erziehung").
W_NAMED_SYNONYM = 0.6
#: Stems of authorities ("Jugendamt", "Ausländerbehörde"): the search lexicon maps them
#: onto their Leistungen for citizens' queries, but in a Steckbrief they name who acts.
AUTHORITY_ENDINGS = ("amt", "behord", "dienststell")
#: A lower-case word of the name before its verb is an adjective or participle
#: ("Parkausweis für *schwerbehinderte* Menschen"): it names an object word
#: ("Schwerbehinderte") less surely than a noun.
W_ADJECTIVE = 0.8
#: Endings (folded stems) of adjectives derived from a noun; two adjectives of the same
#: noun name each other ("gewerbs*mäßig*" / "gewerb*lich*"), as surely as an adjective.
ADJECTIVE_SUFFIXES = ("smassig", "massig", "lich", "isch")
#: A catalogue compound the Steckbrief says in parts ("Wechsel des Schulbezirks" /
#: "Schulbezirkswechsel", "Sonn- und Feiertagsausnahmen" / "Ausnahme vom Sonn- und
#: Feiertagsschutz", "Fahrlehrerlaubnis" / "Fahrlehrererlaubnis"): each part must be a
#: word of the Steckbrief, or the beginning or end of one.
W_COMPOUND_PARTS = 0.8
MIN_COMPOUND_HEAD = 5
#: Linking elements between the parts of a compound, and the weight of a word that
#: differs from a named one only by such an element.
FUGEN = frozenset({"e", "s", "n", "en", "er", "es"})
W_FUGE = 0.95
MIN_COMPOUND_TAIL = 4
#: A Steckbrief word that begins a longer catalogue part names it when it is most of it
#: ("tropentauglich" in "Tropentauglichkeits|untersuchung").
PART_PREFIX_SHARE = 0.7
#: Expansions of a name word that stand for the word itself (exact or synonym), not
#: the compounds that merely contain it: only these name a Verrichtung.
W_VERB_TERM = 0.9
#: A Verrichtung noun in a Leistungsobjekt that the Steckbrief's verb names.
W_VERB_OBJECT = 0.8
#: The Steckbrief names a Verrichtung the bare object has no child for.
OBJECT_LACKS_VERRICHTUNG = 0.05
#: A bare Leistungsobjekt ("Fahrerlaubnis") is the fallback when no Verrichtung of it fits;
#: while one of its Verrichtungen is a candidate too, that one is the better key.
PARENT_PENALTY = 0.06
#: The Verrichtung the Steckbrief names (by its verb or a Verrichtung noun): a candidate
#: with that Verrichtung gains, the bare object steps back behind such a child.
W_VERRICHTUNG = 0.1
PARENT_NAMED_PENALTY = 0.1
#: A child whose Verrichtung is not among the named ones ("… Bewilligung" for "… zurückholen").
OTHER_VERRICHTUNG_PENALTY = 0.0
#: Without a named Verrichtung, does an object's single Verrichtung count as named?
SINGLE_CHILD = False
#: Object and Verrichtung of a key: between two Verrichtungsdetails of one Verrichtung (or
#: the plain one) the hand-weighted detail evidence decides, not the learned order.
VERRICHTUNG_DIGITS = 11
#: The learned order puts a candidate before the best evidence only with this much
#: evidence of its own: a named Verrichtung alone ("Rentenantrag aufnehmen" →
#: "Strafantrag Aufnahme") names no Leistung.
MIN_REORDERED = 0.3
#: Where a new ``leika`` line goes: after the first of these keys present.
INSERT_AFTER = ("organisationseinheit", "produkt", "beschreibung", "name", "id")
#: Which key to write into which file (path relative to the register, or absolute in it).
Choices = Mapping[str, str] | Mapping[Path, str] | Mapping[str | Path, str]


@dataclass(frozen=True, slots=True)
class SteckbriefText:
    """The texts of a Steckbrief that say which Leistung it is."""

    name: str
    beschreibung: str = ""
    ozg_leistung: str = ""
    ozg_id: str = ""
    rechtsgrundlagen: tuple[str, ...] = ()

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any]) -> SteckbriefText:
        """Lenient on types: raw YAML data of a broken file still gives proposals."""
        ozg = fields.get("ozg")
        ozg = ozg if isinstance(ozg, Mapping) else {}
        rechts = fields.get("rechtsgrundlagen")
        names = tuple(str(item.get("name", "")) for item in rechts
                      if isinstance(item, Mapping)) if isinstance(rechts, list) else ()
        return cls(
            name=_text(fields.get("name")),
            beschreibung=_text(fields.get("beschreibung")),
            ozg_leistung=_text(ozg.get("leistung")),
            ozg_id=_text(ozg.get("id")),
            rechtsgrundlagen=names,
        )

    def all_text(self) -> str:
        return " ".join([self.name, self.beschreibung, self.ozg_leistung,
                         *self.rechtsgrundlagen])


def _text(value: Any) -> str:
    return str(value) if isinstance(value, str | int) else ""


@lru_cache(maxsize=16384)
def stem_set(text: str) -> frozenset[str]:
    """The stems of a catalogue text as a set, worked out once: every candidate's score
    asks for its Bezeichnung's, its object's and its OZG-Leistung's stems several times,
    and the same objects come back for Steckbrief after Steckbrief."""
    return frozenset(stems(text))


def _term_idf(term: str, index: Index) -> float:
    df = len(index.postings.get(term, {}))
    total = len(index.docs)
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def _merged(expansions: Iterable[Mapping[str, float]]) -> dict[str, float]:
    merged: dict[str, float] = {}
    for expansion in expansions:
        for term, weight in expansion.items():
            merged[term] = max(weight, merged.get(term, 0.0))
    return merged


def leistung_coverage(leistung: Leistung, mentioned: Mapping[str, float], index: Index,
                      naming: Naming, core: frozenset[str] | None = None) -> float:
    """Share (idf-weighted) of the Bezeichnung's words that the Steckbrief mentions
    (or, through ``naming``, says in parts: "Fahrlehrerlaubnis" / "Fahrlehrererlaubnis");
    ``core``: only these of its words count (see :func:`only_detailed`)."""
    own = set(stem_set(leistung.bezeichnung))
    if core is not None:
        own &= core
    total = sum(_term_idf(term, index) for term in own)
    if total == 0:
        return 0.0
    return sum(_term_idf(term, index) * max(mentioned.get(term, 0.0), naming(term))
               for term in own) / total


def named_terms(text: str, index: Index,
                table: Verrichtungen | None = None) -> dict[str, float]:
    """Catalogue words the text itself names: its words, the parts of its compounds
    (head over modifier) and their lexicon synonyms; never a longer catalogue word that
    merely contains one of its words ("Plan" does not name a "Planfeststellungsverfahren",
    which the search's compound expansion would find).

    A compound whose head is a Verrichtung ("Gaststätten*erlaubnis*") is object +
    Verrichtung: its modifier names the object as fully as a head would."""
    named: dict[str, float] = {}

    def put(term: str, weight: float) -> None:
        if weight > named.get(term, 0.0):
            named[term] = weight

    for word in _nouns(text):
        known = word in index.postings
        parts = index.split(word)
        # the head says what is done ("Gaststätten*erlaubnis*") or names no Leistungsobjekt
        # at all ("Altpapier*tonne*", "Sperrmüll*termin*"): the modifier names the object
        head_is_verrichtung = bool(parts) and table is not None and (
            (parts[-1],) in table.codes_by_stems or parts[-1] in verb_table()
            or parts[-1] not in table.object_words)
        forms = {} if parts and not known else {word: 1.0}
        # a compound the catalogue knows still names its two parts ("Namensführung" →
        # Name), but not their synonyms: a split of a known word may cut it wrongly
        # ("Fahrlehr|erlaubnis" is no "Laub")
        if known and len(parts) != 2:
            parts = []
        for i, part in enumerate(parts):
            forms.setdefault(part, W_HEAD if i == len(parts) - 1 or head_is_verrichtung
                             else W_MODIFIER)
        if not known and not word.endswith(AUTHORITY_ENDINGS):
            # the lexicon may know the whole word ("Denkmalliste")
            for synonym in synonyms().get(word, frozenset()):
                put(synonym, W_NAMED_SYNONYM)
        for form, weight in forms.items():
            put(form, weight)
            if form.endswith(AUTHORITY_ENDINGS) or (known and form != word):
                continue  # "beim Jugendamt" says who, not which Leistung
            for synonym in synonyms().get(form, frozenset()):
                put(synonym, weight * W_NAMED_SYNONYM)
    return named


def _fugen_variant(a: str, b: str) -> bool:
    """The same compound with another linking element ("Fahrlehr|erlaubnis" /
    "Fahrlehrer|erlaubnis", "Schulbezirks|wechsel" / "Schulbezirk|wechsel"): one word is
    the other with an e, s, n, en, er or es inserted once, both long enough to be compounds."""
    if len(a) > len(b):
        a, b = b, a
    extra = len(b) - len(a)
    if not 1 <= extra <= 2 or len(a) < MIN_COMPOUND_HEAD + MIN_COMPOUND_TAIL:
        return False
    return any(b[i:i + extra] in FUGEN and b[:i] + b[i + extra:] == a
               for i in range(MIN_COMPOUND_HEAD - 1, len(a) + 1))


def adjective_terms(name: str) -> dict[str, float]:
    """Stems of the lower-case words of a name before its last word (the verb):
    adjectives and participles that name an object word in nominal form."""
    tokens = re.findall(r"[^\W\d_][\w-]*", name)
    out: dict[str, float] = {}
    for i, token in enumerate(tokens[:-1]):
        if i > 0 and token[0].islower():
            for stem_ in stems(token):
                out[stem_] = W_ADJECTIVE
    return out


class Naming:
    """How surely the Steckbrief names a catalogue word (0–1): as a word, synonym or
    compound part of its nouns (``named``), as an adjective of its name, or — for a
    catalogue compound — part by part in any order and form (``said``: every stem)."""

    def __init__(self, named: Mapping[str, float], said: Iterable[str]) -> None:
        self.named = dict(named)
        self.said = set(said) | set(named)
        self._cache: dict[str, float] = {}

    def __call__(self, term: str) -> float:
        found = self._cache.get(term)
        if found is None:
            found = self._cache[term] = self._weigh(term)
        return found

    def _weigh(self, term: str) -> float:
        direct = self.named.get(term, 0.0)
        if not direct and len(term) >= MIN_COMPOUND_HEAD:
            # the head of a compound the search could not split names its kind
            # ("Jugend*sprechstunde*" is a Sprechstunde)
            direct = max((weight * W_HEAD for word, weight in self.named.items()
                          if word.endswith(term)
                          and len(word) - len(term) >= MIN_COMPOUND_TAIL), default=0.0)
        if not direct and (base := _adjective_base(term)) is not None:
            # "gewerbsmäßig" / "gewerblich": two adjectives of the same noun
            direct = max((weight * W_ADJECTIVE for word, weight in self.named.items()
                          if _adjective_base(word) == base), default=0.0)
        if direct or len(term) < MIN_COMPOUND_HEAD + MIN_COMPOUND_TAIL:
            return direct
        best = max((weight * W_FUGE for word, weight in self.named.items()
                    if _fugen_variant(word, term)), default=0.0)
        for cut in range(MIN_COMPOUND_HEAD, len(term) - MIN_COMPOUND_TAIL + 1):
            head, tail = term[:cut], term[cut:]
            tail_weight = self._part(tail, head_part=False)
            if not tail_weight:
                continue
            heads = [head] + ([head[:-1]] if head[-1] in "esn" else [])
            head_weight = max(self._part(h, head_part=True) for h in heads)
            best = max(best, W_COMPOUND_PARTS * min(head_weight, tail_weight))
        return best

    def _part(self, part: str, *, head_part: bool) -> float:
        if part in self.named:
            return self.named[part]
        stemmed = stem(part)
        if stemmed in self.named:
            return self.named[stemmed]
        if len(part) < (MIN_COMPOUND_HEAD if head_part else MIN_COMPOUND_TAIL):
            return 0.0
        for word in self.said:
            if len(word) <= len(part):
                if (head_part and part.startswith(word) and word not in GENERIC
                        and len(word) >= PART_PREFIX_SHARE * len(part)):
                    return W_COMPOUND_PARTS
                if word == part:
                    return W_COMPOUND_PARTS
                continue
            if head_part and word.startswith(part):
                return W_COMPOUND_PARTS
            # the rest of the word must be a word, not a verb prefix ("be|urkunden")
            if (not head_part and word.endswith(part)
                    and len(word) - len(part) >= MIN_COMPOUND_HEAD):
                return W_COMPOUND_PARTS
        return 0.0


def _adjective_base(term: str) -> str | None:
    """The noun an adjective is derived from, as far as its ending shows it
    ("gewerbsmassig", "gewerblich" → "gewerb"); None for other words."""
    for suffix in ADJECTIVE_SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= MIN_PART:
            return term[:-len(suffix)]
    return None


def _nouns(text: str) -> list[str]:
    """Stems of the capitalised words and of each sentence's first word: German nouns
    name things, the lower-case verbs name what is done ("Internetauftritt pflegen" asks
    for no "Hilfe zur Pflege")."""
    out: list[str] = []
    for sentence in re.split(r"[.!?;:()\n]+", text):
        for i, token in enumerate(re.findall(r"[^\W\d_][\w-]*", sentence)):
            if i == 0 or token[0].isupper():
                out.extend(stems(token))
    return out


def _object_groups(bezeichnung: str) -> list[set[str]]:
    """Stems of the nouns of an object's Bezeichnung, grouped where "und", "oder" or a
    comma join them ("Pfleger und Vormünder", "Waffen, Munition oder Erlaubnisurkunden";
    a cut-off compound part is none: "Pfändungs- und Überweisungsbeschluss"),
    without what is in parentheses and without abbreviations ("Hilfe zum Lebensunterhalt
    (SGB XII)" → {hilf}, {lebensunterhalt})."""
    plain = re.sub(r"\([^)]*\)", " ", bezeichnung)
    groups: list[set[str]] = []
    joined = False
    for token in re.findall(r"[^\W\d_][\w-]*|,", plain):
        if token in CONJUNCTIONS:
            joined = bool(groups)
        elif token.endswith("-"):
            # "Pfändungs- und Überweisungsbeschluss": a part of the next compound, whose
            # head is the noun ("Pfändungsbeschluss"), not a noun of its own
            continue
        elif token[0].isupper() and not token.isupper():
            words = stems(token)
            if joined and len(words) == 1:
                groups[-1].update(words)
            else:  # each word of "FuE-Förderung" is a noun of its own
                groups.extend({word} for word in words)
            joined = False
        # other words ("von", "für") leave ``joined`` as it is: "und *zum* Handel"
    return groups


def unnamed_objekt_words(leistung: Leistung, catalog: LeikaCatalog, cited: Iterable[str],
                         naming: Naming) -> int:
    """How many nouns of the Leistungsobjekt the Steckbrief names in no form at all — not
    as a word, synonym or compound part, not as part of the object's own compound
    ("Gaststätte" in "Gaststättengewerbe"), not with the same first letters
    ("Grabstätte" / "Grabstelle"), not in a cited law. Nouns joined by "und"/"oder"
    count once, and not when one of them is named ("Sprechstunde für Kinder und
    Jugendliche" for a "Jugendsprechstunde")."""
    parent = catalog.get(leistung.key[:8] + "000000")
    groups = _object_groups(parent.bezeichnung if parent is not None
                            else leistung.bezeichnung)
    known = set(naming.named) | set(cited)

    def unnamed(term: str) -> bool:
        return (term not in known and not naming(term)
                and not any((len(word) >= MIN_PART and word in term
                             and len(word) >= CONTAINED_SHARE * len(term))
                            or _common_prefix(word, term) >= max(PREFIX,
                                                                 PREFIX_SHARE * len(term))
                            for word in known))

    count = 0
    for group in groups:
        terms = {term for term in group - GENERIC - FRAME_NOUNS if len(term) > 2}
        if terms and all(unnamed(term) for term in terms):
            count += 1
    return count


def _said(term: str, known: Iterable[str]) -> bool:
    """A word counts as said when it is known or shares most of its beginning with a known
    word ("erstmals" / "erstmalig"); a known word inside it is not enough ("Bestattung"
    does not say "Erdbestattung")."""
    return any(word == term
               or _common_prefix(word, term) >= max(PREFIX_DETAIL, PREFIX_SHARE * len(term))
               for word in known)


def detail_share(leistung: Leistung, catalog: LeikaCatalog,
                 said: Collection[str]) -> float | None:
    """Share of the words a Verrichtungsdetail adds ("… Ausstellung *erstmalig für
    Minderjährige*") that the Steckbrief says; None for a key without detail."""
    key = leistung.key
    if key.endswith("000"):
        return None
    base = catalog.get(key[:11] + "000") or catalog.get(key[:8] + "000000")
    added = stem_set(leistung.bezeichnung) - GENERIC
    if base is not None:
        added -= stem_set(base.bezeichnung)
    own = {w for w in added if len(w) > 2}
    count, found = len(own), sum(1 for w in own if _said(w, said))
    # "Vergabe in *nicht* offenen Verfahren" is another detail than "in offenen Verfahren":
    # a negation in the detail or in the name is one word more, said when both have it
    if base is None or not _negated(base.bezeichnung):
        in_detail, in_name = _negated(leistung.bezeichnung), NEGATION in said
        count += in_detail or in_name
        found += in_detail and in_name
    return found / count if count else 0.0


def _negated(text: str) -> bool:
    """Whether a text says "nicht" (a stopword for the search, but "in nicht offenen
    Verfahren" is another Verrichtungsdetail than "in offenen Verfahren")."""
    return NEGATION in re.findall(r"\w+", fold(text))


def only_detailed(leistung: Leistung, catalog: LeikaCatalog,
                  table: Verrichtungen) -> frozenset[str] | None:
    """For a Verrichtung the object has only with details ("Blaue Karte EU Erteilung *zur
    Ausübung einer hochqualifizierten Beschäftigung*", no plain "… Erteilung"): the words
    of object and Verrichtung, the ones a Steckbrief can be expected to say; None else."""
    key = leistung.key
    code = code_of(key)
    if code is None or key.endswith("000") or catalog.get(key[:11] + "000") is not None:
        return None
    parent = catalog.get(key[:OBJECT_DIGITS] + "000000")
    words = stems(table.names.get(code, ""))
    if parent is not None:
        words += stems(parent.bezeichnung)
    return frozenset(words)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def objekt_coverage(leistung: Leistung, catalog: LeikaCatalog, index: Index,
                    naming: Naming) -> float:
    """Share (idf-weighted) of the Leistungsobjekt's words that the Steckbrief names.

    A LeiKa key is Leistungsobjekt (digits 3–8) + Verrichtung + detail; its object is the
    Bezeichnung of the bare object key. A Steckbrief that shares only the Verrichtung
    ("Gebühr festsetzen" / "Veranstaltung Festsetzung") or a part of a longer object
    ("Bedarfsplan" / "Plan im Planfeststellungsverfahren") names another Leistung.
    """
    parent = catalog.get(leistung.key[:8] + "000000")
    own = set(stem_set(parent.bezeichnung if parent is not None else leistung.bezeichnung))
    own -= GENERIC | FRAME_NOUNS
    total = sum(_term_idf(term, index) for term in own)
    if total == 0:
        return 1.0
    return sum(_term_idf(term, index) * naming(term) for term in own) / total


def name_coverage(leistung: Leistung, name_terms: Sequence[Mapping[str, float]],
                  index: Index, naming: Naming,
                  verb_codes: Sequence[frozenset[str]] = (),
                  verb_idf: float = 0.0, verb_share: float = 1.0) -> float:
    """Share (idf-weighted) of the name's words found in Bezeichnung (1) or OZG-Leistung (½);
    with ``naming``, a name word that is a part of a Bezeichnung compound the name says in
    parts counts as found there; ``verb_codes`` (per name word, the Verrichtungen it names):
    the verb is found in the Leistung's Verrichtung ("entgegennehmen" / "Entgegennahme"),
    weighted as the Verrichtung's noun (``verb_idf``: "Durchführung" says little)."""
    code = code_of(leistung.key)
    bezeichnung = stem_set(leistung.bezeichnung)
    ozg = stem_set(leistung.ozg_leistung)
    said_in_parts = {term: naming(term) for term in bezeichnung if term not in naming.named}
    total = found = 0.0
    for number, expansion in enumerate(name_terms):
        weight = union_idf(expansion, index)
        best = max((w for t, w in expansion.items() if t in bezeichnung), default=0.0)
        if code is not None and number < len(verb_codes) and code in verb_codes[number]:
            weight, best = min(weight, verb_idf), max(best, verb_share)
        total += weight
        for term, share in said_in_parts.items():
            if share and any(_part_of(t, term) for t in expansion):
                best = max(best, share)
        best = max(best, 0.5 * max((w for t, w in expansion.items() if t in ozg), default=0.0))
        found += weight * best
    return found / total if total else 0.0


def _part_of(word: str, compound: str) -> bool:
    """A word that begins or ends a longer compound for most of its length
    ("schulbezirks" / "schulbezirkswechsel", "fahrlehrerlaub" / "fahrlehrererlaub")."""
    if len(word) < MIN_COMPOUND_TAIL or word == compound:
        return False
    need = max(MIN_COMPOUND_HEAD, PREFIX_SHARE * len(word))
    return (_common_prefix(word, compound) >= need
            or _common_prefix(word[::-1], compound[::-1]) >= need)


def _law_words(names: Iterable[str]) -> set[str]:
    """Abbreviations and law names ("GewO", "Gewerbeordnung") to compare citations."""
    return {w for name in names for w in stems(name) if len(w) >= 4 and not w.isdigit()}


def bonus(leistung: Leistung, text: SteckbriefText) -> float:
    """Agreement of OZG and cited laws: weak evidence on its own, good to break ties."""
    result = 0.0
    if (text.ozg_id and text.ozg_id == leistung.ozg_id) or (
            text.ozg_leistung and fold(text.ozg_leistung) == fold(leistung.ozg_leistung)):
        result += BONUS_OZG
    if text.rechtsgrundlagen and leistung.rechtsgrundlage:
        laws = _law_words(name for name, _ in leistung.rechtsgrundlagen)
        if laws & _law_words(text.rechtsgrundlagen):
            result += BONUS_RECHT
    return result


def _name_terms(name_query: Iterable[Mapping[str, float]]) -> list[Mapping[str, float]]:
    """The name's query words without generic verbs and without unknown words."""
    unique: list[Mapping[str, float]] = []
    for expansion in name_query:
        if not expansion or all(term in GENERIC for term in expansion):
            continue
        if expansion not in unique:
            unique.append(expansion)
    return unique


def compound_heads(words: Iterable[str], index: Index) -> list[str]:
    """The heads of compounds neither the catalogue knows nor the search can split,
    because their modifier is no catalogue word ("jugend|sprechstund"): the longest
    catalogue word that ends the word, leaving a modifier of at least four letters."""
    heads: list[str] = []
    for word in words:
        if word in index.postings or index.split(word):
            continue
        head = next((word[cut:] for cut in range(MIN_COMPOUND_TAIL,
                                                 len(word) - MIN_COMPOUND_HEAD + 1)
                     if word[cut:] in index.postings), None)
        if head is not None and head not in heads:
            heads.append(head)
    return heads


def _candidates(catalog: LeikaCatalog, text: SteckbriefText, table: Verrichtungen,
                reading: _Reading, heads: Sequence[str] = ()) -> dict[str, Leistung]:
    """The search's hits (also for the name with the heads of its unsplit compounds),
    plus the children of a hit object that have the named Verrichtung (or are its only
    one): search ranks by words, and the child's Verrichtung word is the one the
    Steckbrief says with a verb."""
    found: dict[str, Leistung] = {}
    for query in (f"{text.name} {text.ozg_leistung}", text.all_text()):
        for hit in search(catalog, query, limit=CANDIDATES):
            found.setdefault(hit.leistung.key, hit.leistung)
    if heads:  # "Jugendsprechstunde": the search finds no Sprechstunde
        terms = [*reading.name_query, *({head: 1.0} for head in heads)]
        for hit in search_terms(catalog, terms, limit=CANDIDATES):
            found.setdefault(hit.leistung.key, hit.leistung)
    for prefix in sorted({key[:OBJECT_DIGITS] for key in found}):  # stable positions
        children = table.children.get(prefix, ())
        # a named Verrichtung the object has only with details: those details
        plain = {code_of(key) for key in children}
        detailed = tuple(key for key in table.detailed.get(prefix, ())
                         if code_of(key) in reading.codes and code_of(key) not in plain)
        for key in (*children, *detailed):
            if key not in found and (code_of(key) in reading.codes
                                     or (SINGLE_CHILD and len(children) == 1)):
                leistung = catalog.get(key)
                if leistung is not None:
                    found[key] = leistung
    return found


def name_codes(name: str, index: Index, table: Verrichtungen) -> frozenset[str]:
    """The Verrichtungen a name names: by a verb (or a word of the verb table), or by a
    noun that is the Verrichtung's name, also as the end of a compound
    ("Gaststätten*erlaubnis*"); a noun that merely has its stem is another word
    ("Schulen" / "Schulung", "Schülern")."""
    codes: set[str] = set()
    verbs = verb_table()
    for token in re.findall(r"[^\W\d_][\w-]*", name):
        words = _name_words(token, index)
        if not token[0].isupper():
            codes.update(named_codes(words, table))
            continue
        folded = fold(token)
        for word in words:
            for code in table.codes_by_stems.get((word,), frozenset()):
                own = fold(table.names.get(code, ""))
                if own and (folded.startswith(own) or folded.endswith(own)):
                    codes.add(code)
            for verrichtung in verbs.get(word, ()):
                codes.update(table.codes_for_name(verrichtung))
    return frozenset(codes)


def _name_words(name: str, index: Index) -> list[str]:
    """Stems of the name and the parts of its compounds ("gaststattenerlaub" →
    "gaststatt", "erlaub"): where a Verrichtung may hide."""
    out: list[str] = []
    for word in stems(name):
        out.append(word)
        if word not in index.postings:
            out.extend(index.split(word))
    return out


def _detail_score(share: float | None) -> float:
    if share is None:
        return 0.0
    # each detail word not said speaks against it as much as a said one speaks for it
    return W_DETAIL * (2 * share - 1) if share > 0 else -DETAIL_PENALTY


def verrichtung_score(key: str, codes: frozenset[str], table: Verrichtungen) -> float:
    """Bonus for the named Verrichtung, penalty for a bare object that has it as a child.

    Without a named Verrichtung an object with a single Verrichtung means that one
    ("Grundstücksvermessung" has only "Durchführung").
    """
    code = code_of(key)
    children = table.children.get(key[:OBJECT_DIGITS], ())
    if codes:
        if code is not None:
            return W_VERRICHTUNG if code in codes else -OTHER_VERRICHTUNG_PENALTY
        if codes & table.object_codes(key[:OBJECT_DIGITS]):
            return -PARENT_NAMED_PENALTY
        return -OBJECT_LACKS_VERRICHTUNG
    if SINGLE_CHILD and len(children) == 1:
        return -PARENT_NAMED_PENALTY if code is None else W_VERRICHTUNG / 2
    return 0.0


def heard(mentioned: Mapping[str, float], verb_named: Mapping[str, float]
          ) -> dict[str, float]:
    """The terms a Steckbrief says, with the Verrichtung nouns its verb names: the verb
    only adds weight, never less than the text says outright ("Zahlung" in the
    description, "zahlen" in the name count fully, however weakly the object is named)."""
    return {**mentioned, **{term: max(weight, mentioned.get(term, 0.0))
                            for term, weight in verb_named.items()}}


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a Steckbrief says, worked out once and shared by every candidate's score."""

    text: SteckbriefText
    mentioned: Mapping[str, float]  # search expansion of all its texts
    name_query: Sequence[dict[str, float]]  # the search's expansion of the name
    name_terms: Sequence[Mapping[str, float]]  # per name word, its expansion
    named: Mapping[str, float]  # object words it names (nouns, adjectives, verb nouns)
    naming: Naming
    codes: frozenset[str]  # Verrichtungen the name names
    verb_codes: Sequence[frozenset[str]]  # per name word, the Verrichtungen it stands for
    verrichtung_words: Mapping[str, Sequence[str]]  # code → stems of its name
    said: frozenset[str]  # every stem, compound part and synonym of name + Beschreibung
    cited: frozenset[str]  # stems of the cited laws


def read_steckbrief(text: SteckbriefText, index: Index, table: Verrichtungen) -> _Reading:
    """The words of name and Beschreibung (stems and compound parts) are computed once:
    they are what the Steckbrief says, what names a catalogue compound in parts and,
    for the name alone, where its Verrichtung hides."""
    mentioned = _merged(query_terms(text.all_text(), index))
    name_query = query_terms(text.name, index)
    name_terms = _name_terms(name_query)
    # not the cited laws: "Zuständigkeit: … Jugendamt" names an authority, not a Leistung
    named = named_terms(" ".join([text.name, text.beschreibung, text.ozg_leistung]), index,
                        table)
    codes = name_codes(text.name, index, table)
    words = _name_words(" ".join([text.name, text.beschreibung]), index)
    said = set(words)
    if _negated(text.name):
        said.add(NEGATION)
    for word in words:
        said.update(synonyms().get(word, frozenset()))
    for term, weight in adjective_terms(text.name).items():
        named.setdefault(term, weight)
    # the verb names the Verrichtung: its noun in a Bezeichnung counts as said
    verrichtung_words = {code: stems(table.names.get(code, "")) for code in codes}
    # … also where LeiKa puts it into the object ("*Erlaubnis* zum Führen von Waffen",
    # "*Genehmigung* zum Betrieb von Krankentransporten" for "… erteilen")
    for code in codes:
        for term in verrichtung_words[code]:
            if term not in GENERIC:
                named.setdefault(term, W_VERB_OBJECT)
    verb_codes = [named_codes([t for t, w in expansion.items() if w >= W_VERB_TERM], table)
                  for expansion in name_terms]
    return _Reading(text, mentioned, name_query, name_terms, named, Naming(named, words), codes,
                    verb_codes, verrichtung_words, frozenset(said),
                    frozenset(stems(" ".join(text.rechtsgrundlagen))))


def merkmale(leistung: Leistung, reading: _Reading, catalog: LeikaCatalog, index: Index,
             table: Verrichtungen, parent_has_child: bool = False,
             position: int = 0) -> Merkmale:
    """The evidence for one candidate, and its hand-weighted score (see the module
    docstring); ``parent_has_child``: a bare object one of whose Verrichtungen is a
    candidate too; ``position``: where the search found it."""
    naming = reading.naming
    objekt = objekt_coverage(leistung, catalog, index, naming)
    # a shared law (SGB VIII) or OZG field confirms a named object; it names none itself
    core = only_detailed(leistung, catalog, table)
    detail = _detail_score(detail_share(leistung, catalog, reading.said))
    if core is not None:  # the details are how LeiKa spells this Verrichtung here
        detail = max(0.0, detail)
    own_code = code_of(leistung.key)
    # as far as the object is named: a Verrichtung says nothing about another object
    said_verrichtung = (dict.fromkeys(reading.verrichtung_words.get(own_code, ()), objekt)
                        if own_code is not None else {})
    verb_idf = max((_term_idf(term, index) for term in said_verrichtung), default=0.0)
    covered = leistung_coverage(leistung, heard(reading.mentioned, said_verrichtung),
                                index, naming, core)
    named = name_coverage(leistung, reading.name_terms, index, naming, reading.verb_codes,
                          verb_idf, objekt)
    agreed = bonus(leistung, reading.text)
    verrichtung = verrichtung_score(leistung.key, reading.codes, table)
    unnamed = unnamed_objekt_words(leistung, catalog, reading.cited, naming)
    value = (W_LEISTUNG * covered + W_NAME * named + agreed * objekt
             + verrichtung * objekt + detail)
    if parent_has_child:
        value -= PARENT_PENALTY
    value *= 1 - W_OBJEKT * (1 - objekt)
    value *= (1 - W_UNNAMED) ** unnamed
    return Merkmale(covered, named, agreed, verrichtung, detail, parent_has_child, objekt,
                    unnamed, value, position, leistung.key.endswith("000000"),
                    not leistung.key.endswith("000"), bool(reading.codes), core is not None)


def score(leistung: Leistung, reading: _Reading, catalog: LeikaCatalog, index: Index,
          table: Verrichtungen, parent_has_child: bool = False) -> float:
    """A candidate's hand-weighted score before it is cut to 0–1 (one feature of the
    learned models, see :mod:`prozesskit.leika.rangfolge`)."""
    return merkmale(leistung, reading, catalog, index, table, parent_has_child).hand


def candidates(catalog: LeikaCatalog, steckbrief_fields: Mapping[str, Any]
               ) -> list[tuple[Leistung, Merkmale]]:
    """Every candidate of a Steckbrief with its evidence, in the order the search found
    them (what the learned models see; ``tools/leika_vorschlag_lernen.py`` learns on it)."""
    text = SteckbriefText.from_fields(steckbrief_fields)
    if not text.name.strip():
        return []
    index = index_for(catalog)
    table = verrichtungen(catalog)
    reading = read_steckbrief(text, index, table)
    found = _candidates(catalog, text, table, reading,
                        compound_heads(_nouns(text.name), index))
    objekte_mit_verrichtung = {key[:8] for key in found if not key.endswith("000000")}
    return [(leistung, merkmale(leistung, reading, catalog, index, table,
                                leistung.key.endswith("000000")
                                and leistung.key[:8] in objekte_mit_verrichtung, position))
            for position, leistung in enumerate(found.values())]


def rank(found: Sequence[tuple[Leistung, Merkmale]], model: Rang | None = None
         ) -> list[tuple[float, Leistung, Merkmale]]:
    """Candidates best first by the learned rank probability (ties: the shorter
    Bezeichnung, then the key)."""
    model = model or load_model()
    ranked = [(model.probability(rang_vector(m)), leistung, m) for leistung, m in found]
    ranked.sort(key=lambda item: (-round(item[0], 6), len(item[1].bezeichnung),
                                  item[1].key))
    return ranked


def suggest(catalog: LeikaCatalog, steckbrief_fields: Mapping[str, Any], limit: int = 3,
            min_score: float = THRESHOLD, model: Rang | None = None) -> list[Hit]:
    """Best LeiKa-Leistungen for a Steckbrief, or none when no candidate's evidence
    reaches ``min_score`` (see :func:`proposals`)."""
    return proposals(candidates(catalog, steckbrief_fields), limit, min_score, model)


def proposals(found: Sequence[tuple[Leistung, Merkmale]], limit: int = 3,
              min_score: float = THRESHOLD, model: Rang | None = None) -> list[Hit]:
    """The candidates of :func:`candidates` as proposals, best first.

    *Whether* anything is proposed is decided by the hand-weighted evidence (score 0–1,
    see the module docstring): the best candidate must reach ``min_score``; that measure
    keeps Steckbriefe without a LeiKa Leistung free of wrong proposals, where a learned
    "propose or not" did not carry over to held-out cases.

    *Which* candidate is proposed (first hit, what ``--schreiben`` writes), and the
    order after it, follows the learned rank model (:mod:`prozesskit.leika.rangfolge`;
    ``model``: another one than the packaged, e.g. in a cross-validation), but before
    the candidate with the best evidence it may only put one that :func:`_may_lead`
    allows: the learned order alone proposed keys whose Verrichtung the Steckbrief
    names for objects it barely names, which is what makes a key wrong for a process
    without LeiKa Leistung. Tuning half: first 178 → 180 of 218 (the learned order
    alone: 187, 5-fold cross-validation within the half 186).

    Each hit's score is its own evidence, so a hit – the first too – may show a score
    below the threshold: the threshold says whether the Steckbrief names a Leistung
    clearly enough, the order which one it is.
    """
    by_evidence = _without_homonym_tie(sorted(
        found, key=lambda item: (-round(item[1].hand, 3), len(item[0].bezeichnung),
                                 item[0].key)))
    if not by_evidence or round(_unit(by_evidence[0][1].hand), 3) < min_score:
        return []
    allowed = {leistung.key for leistung, _m in by_evidence}
    ordered = [(leistung, m) for _p, leistung, m in rank(found, model)
               if leistung.key in allowed]
    first = next(item for item in ordered if _may_lead(item, by_evidence[0]))
    rest = [item for item in ordered if item[0].key != first[0].key]
    return [Hit(leistung, round(_unit(m.hand), 3))
            for leistung, m in [first, *rest][:limit]]


def zum_pruefen(found: Sequence[tuple[Leistung, Merkmale]], limit: int = 3,
               model: Rang | None = None, floor: float = UNSICHER_AB) -> list[Hit]:
    """The best candidates in the order of :func:`proposals` when the best evidence
    reaches only ``floor`` (:data:`UNSICHER_AB`), not the threshold.

    Why shown at all: the threshold keeps Steckbriefe without a LeiKa Leistung free of
    wrong *proposals* (what ``--schreiben`` writes), but a Steckbrief whose Leistung the
    catalogue words differently ("Straße widmen" / "Widmung einer Straße öffentliche
    Bekanntmachung") misses it too; there the right key is mostly among these (catalogue
    cases: the key among the first three in far more cases than with proposals only).
    They are listed as "unsicher" for a person to check and never written (figures in
    the README, "`leika vorschlagen`")."""
    return proposals(found, limit, floor, model)


def _may_lead(item: tuple[Leistung, Merkmale], best: tuple[Leistung, Merkmale]) -> bool:
    """May the learned order put ``item`` before ``best`` (the best evidence)? Only when
    the Steckbrief names its Verrichtung, it has evidence of its own (a named Verrichtung
    alone, "Rentenantrag aufnehmen" → "Strafantrag Aufnahme", names no Leistung), it is
    not another detail of the same Verrichtung (there the detail evidence decides:
    "Neuzulassung" is no "Zulassung neu aus EU-Land"), and ``best`` is not a bare
    Leistungsobjekt the Steckbrief names fully (then only one of its own Verrichtungen
    may come first: "Hund zur Hundesteuer anmelden" is no "Hundehaltung Anmeldung")."""
    (leistung, m), (top, top_m) = item, best
    if leistung.key == top.key:
        return True
    if not m.names_verrichtung or m.hand < MIN_REORDERED:
        return False
    if leistung.key[:VERRICHTUNG_DIGITS] == top.key[:VERRICHTUNG_DIGITS]:
        return False
    return not (top_m.is_parent and top_m.objekt >= 1.0
                and leistung.key[:OBJECT_DIGITS] != top.key[:OBJECT_DIGITS])


def _unit(value: float) -> float:
    return min(1.0, max(0.0, value))


def _without_homonym_tie(ranked: list[tuple[Leistung, Merkmale]]
                         ) -> list[tuple[Leistung, Merkmale]]:
    """LeiKa has a few Leistungen with the same Bezeichnung under different objects
    ("Veranstaltung" under 99050 GewO and under 99089 Ordnungsrecht, "Approbation",
    "Flurstück"). When the best two are such twins with the same score, the Steckbrief's
    words cannot tell which object it is: proposing either one, or a Verrichtung of either,
    is a guess, so none of the two objects is proposed (other candidates still are)."""
    if len(ranked) < 2:
        return ranked
    (best, first), (other, second) = ranked[0], ranked[1]
    if (round(first.hand, 3) == round(second.hand, 3)
            and best.bezeichnung == other.bezeichnung
            and best.key[:OBJECT_DIGITS] != other.key[:OBJECT_DIGITS]):
        twins = {best.key[:OBJECT_DIGITS], other.key[:OBJECT_DIGITS]}
        return [item for item in ranked if item[0].key[:OBJECT_DIGITS] not in twins]
    return ranked


# --- register -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Vorschlag:
    """A Steckbrief without key, with its ranked candidates (maybe none)."""

    file: str  # POSIX path relative to the register root
    id: str | None
    name: str | None
    hits: tuple[Hit, ...]  # proposals: the best evidence reaches the threshold
    #: when there is no proposal: the best candidates all the same, to check by hand
    #: (shown as "unsicher", never written; see :func:`zum_pruefen`)
    unsicher: tuple[Hit, ...] = ()
    #: the Steckbrief that gets the same first proposal in this run (its evidence is
    #: stronger): written once, the key would be PK-S023's duplicate (see :func:`_once`)
    vergeben_an: str | None = None

    @property
    def best(self) -> Hit | None:
        """What ``--schreiben`` writes: the first proposal, unless another Steckbrief of
        the run gets that key."""
        return self.hits[0] if self.hits and self.vergeben_an is None else None


def steckbrief_files(root: Path, files: RegisterFiles | None = None) -> list[Path]:
    """Steckbriefe of a register as ``validate`` finds them (``.yaml`` and ``.yml``, in
    subfolders too), in a stable order; symlinks and other non-regular files are never read."""
    files = files if files is not None else discover(root)
    return [root / rel for rel in files.steckbriefe]


def unread_steckbriefe(files: RegisterFiles) -> list[str]:
    """Entries under ``steckbriefe/`` left unread (symlinks, FIFOs): for the user to hear of."""
    return [rel for rel, _kind in files.unread if rel.startswith(STECKBRIEF_DIR + "/")]


def _read_fields(path: Path, root: Path) -> Mapping[str, Any] | None:
    """The Steckbrief's fields, or None when it is not clean YAML: a duplicate key, a tab
    in the indentation or a broken encoding is validate's to explain, and the edit path
    of ``--schreiben`` would refuse the file anyway (and with it the whole run)."""
    doc, problems = parse_yaml(path.read_bytes(), posix_relative(path, root))
    if doc is None or not isinstance(doc.data, Mapping) or any(
            problem.level is Level.ERROR for problem in problems):
        return None
    return doc.data


def iter_without_key(root: Path, files: RegisterFiles | None = None,
                     ) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    """Readable Steckbriefe whose ``leika`` is missing or empty (fast read path)."""
    for path in steckbrief_files(root, files):
        fields = _read_fields(path, root)
        if fields is not None and not fields.get("leika"):
            yield path, fields


def suggest_register(root: Path, catalog: LeikaCatalog, *, limit: int = 3,
                     min_score: float = THRESHOLD, files: RegisterFiles | None = None,
                     unlesbar: list[str] | None = None) -> list[Vorschlag]:
    """Proposals for every Steckbrief of the register that has no LeiKa key; ``files``: the
    register as already discovered (else discovered here); ``unlesbar``: gets the
    Steckbriefe left out because they are no clean YAML (for the user to hear of)."""
    result: list[Vorschlag] = []
    read = []
    for path in steckbrief_files(root, files):
        fields = _read_fields(path, root)
        if fields is not None:
            read.append((path, fields))
        elif unlesbar is not None:
            unlesbar.append(posix_relative(path, root))
    # a key the register already has (as a variant of this Steckbrief, or in another one)
    # is no proposal: writing it would make PK-S022's or PK-S023's duplicate
    taken = {key for _path, fields in read for key in process_keys(fields)}
    for path, fields in read:
        if fields.get("leika"):
            continue
        # as if the taken keys were no candidates: what is left must reach the threshold
        found = [(leistung, m) for leistung, m in candidates(catalog, fields)
                 if leistung.key not in taken and not _stands_in(leistung, m, taken)]
        hits = proposals(found, limit, min_score)
        ident, name = fields.get("id"), fields.get("name")
        result.append(Vorschlag(posix_relative(path, root),
                                ident if isinstance(ident, str) else None,
                                name if isinstance(name, str) else None, tuple(hits),
                                () if hits else tuple(zum_pruefen(found, limit))))
    return _once(result)


def _stands_in(leistung: Leistung, m: Merkmale, taken: Collection[str]) -> bool:
    """A detail whose words the Steckbrief does not say, of a Verrichtung the register has
    already: with the Verrichtung itself gone from the candidates it would step into its
    place ("Eheschließung im Ausland nachbeurkunden", with "Eheschließung Registrierung"
    taken, → "… Registrierung von im Ausland geschlossenen Ehen Deutscher ohne
    Inlandswohnsitz", which the Standesamt I in Berlin registers, not a Gemeinde)."""
    return (m.is_detail and m.detail < 0
            and leistung.key[:VERRICHTUNG_DIGITS] + "000" in taken)


def _once(vorschlaege: list[Vorschlag]) -> list[Vorschlag]:
    """Each key written once per run: where several Steckbriefe have the same first
    proposal ("Bewohnerparkausweis ausstellen" and "… erteilen"), the one with the
    strongest evidence gets it (equal: the first file), the others name it and keep
    their proposals to look at; a second run would not propose the key again either."""
    claims: dict[str, Vorschlag] = {}
    for vorschlag in vorschlaege:
        best = vorschlag.best
        if best is None:
            continue
        held = claims.get(best.leistung.key)
        if held is None or (held.best is not None and best.score > held.best.score):
            claims[best.leistung.key] = vorschlag
    result = []
    for vorschlag in vorschlaege:
        best = vorschlag.best
        owner = claims.get(best.leistung.key) if best is not None else None
        if owner is not None and owner is not vorschlag:
            vorschlag = replace(vorschlag, vergeben_an=owner.file)
        result.append(vorschlag)
    return result


def best_choices(vorschlaege: Iterable[Vorschlag]) -> dict[str, str]:
    """file → key of the best candidate, for those that have one above the threshold."""
    return {v.file: v.best.leistung.key for v in vorschlaege if v.best is not None}


def _resolve(root: Path, file: str | Path) -> Path:
    path = Path(file)
    if path.is_absolute():
        resolved = path.resolve()
        if not resolved.is_relative_to(root.resolve()):
            raise InputError(f"Datei {path} liegt nicht im Register {root}")
        return resolved
    return contained(root, path.as_posix())


def set_leika(data: CommentedMap, key: str) -> bool:
    """Set ``leika`` in a loaded Steckbrief; returns False when it already had that key.

    A new line goes after ``organisationseinheit`` (else ``produkt`` …), where the
    blueprints put it; the value is double-quoted so YAML never reads it as a number.
    """
    value = DoubleQuotedScalarString(key)
    if "leika" in data:
        if str(data["leika"]) == key:
            return False
        data["leika"] = value
        return True
    keys = list(data.keys())
    anchor = next((name for name in INSERT_AFTER if name in data), None)
    position = keys.index(anchor) + 1 if anchor is not None else len(keys)
    data.insert(position, "leika", value)
    return True


def apply_suggestions(register_root: Path,
                      choices: Choices) -> list[Path]:
    """Write ``leika: "<key>"`` into the given Steckbriefe; returns the files changed.

    Paths are relative to the register (or absolute inside it); keys must have the
    LeiKa form. Nothing is written when any input is invalid.
    """
    planned: list[tuple[Path, str]] = []
    for file, key in choices.items():
        if not is_key(key):
            raise InputError(f"'{key}' ist kein LeiKa-Schlüssel (14 Ziffern, beginnend mit 99)",
                             file=str(file))
        planned.append((_resolve(register_root, file), key))
    loaded = []
    for path, key in planned:  # read everything first: one bad file writes nothing
        data, bom = load_file(path)
        if not isinstance(data, CommentedMap):
            raise InputError("Steckbrief ist keine YAML-Zuordnung (Mapping)", file=str(path))
        loaded.append((path, key, data, bom))
    changed: list[Path] = []
    for path, key, data, bom in loaded:
        if set_leika(data, key):
            save_file(path, data, bom=bom)
            changed.append(path)
    return changed
