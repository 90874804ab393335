"""Reading the query language: syntax checks, Whoosh's parser, dates and entity fields.

parse() turns query text into Whoosh's query tree, with messages in the product's
words for what cannot be read; terms_of() and suggest() answer from a searcher.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Container
from dataclasses import dataclass
from difflib import SequenceMatcher

with warnings.catch_warnings():
    warnings.simplefilter("ignore", SyntaxWarning)
    warnings.simplefilter("ignore", DeprecationWarning)
    from whoosh import query as wq
    from whoosh.fields import Schema
    from whoosh.qparser import MultifieldParser
    from whoosh.qparser import syntax as qsyntax
    from whoosh.qparser.common import QueryParserError
    from whoosh.qparser.plugins import OperatorsPlugin, RangePlugin

from ..errors import QueryError
from .analysis import name_terms, news_term_spans, news_terms
from .schema import ENTITY_FIELDS, DayField, _shown

# The fields a query may name, in the order the README lists them (id and path are the
# index's own bookkeeping; url and captions are stored, not searchable).
# Fields the resolver answers: entities by their names or articles, a story by its articles.
RESOLVED_FIELDS = (*ENTITY_FIELDS, "story")
QUERY_FIELDS = ("title", "body", "caption", "source", "date", "event", *RESOLVED_FIELDS)
_FIELD_EXAMPLES = {
    "title": "tariffs",
    "body": "tariffs",
    "caption": "tariffs",
    "source": "reuters",
    "date": "2018-09-13",
    "event": "2018-08",
    "person": "kudlow",
    "org": "huawei",
    "place": "china",
    "story": "ID (the id of one of its articles)",
}
UNREADABLE_QUERY = "check its quotes, brackets and field names"
# The field holding the text fields' words unstemmed, and the fields it holds.
WORDS_FIELD = "words"
WORDS_OF = ("title", "body", "caption")

# Query syntax as Whoosh's parser finds it: at each position it tries a single-quoted
# term, then a field name, then a phrase, then a range (its taggers, in their order);
# the other taggers consume no quote, colon or bracket, so the scan steps over them.
_SINGLE_QUOTED = re.compile(r"(^|(?<=\W))'(?P<text>.*?)'(?=\s|\]|[)}]|$)")
_FIELD_NAME = re.compile(r"(?P<text>\w+|[*]):")
_PHRASE = re.compile(r'"(?P<text>.*?)"(~(?P<slop>[1-9][0-9]*))?')
_RANGE = RangePlugin.expr
_PLAIN_VALUE = re.compile(r"[^\s\"'()\[\]{}]+")
_ANY_SPACE = re.compile(r"\s")


def check_query_syntax(text: str, schema_fields: Container[str]) -> None:
    """Raise QueryError for an unclosed quote, an unknown field or a field without a value.

    Reads the text the way Whoosh's parser tags it, so a quoted "foo:bar" is a phrase and
    a range's brackets hold what they hold. Whoosh itself reads a name outside the schema
    as words and drops an unclosed quote, which gives quietly wrong results instead of a
    message; schema_fields are the names it would take for fields.
    """
    pos, n = 0, len(text)
    while pos < n:
        m = _SINGLE_QUOTED.match(text, pos)
        if m is None:
            m = _FIELD_NAME.match(text, pos)
            if m is not None:
                _check_field(text, m, schema_fields)
        if m is None and text[pos] == '"':
            m = _PHRASE.match(text, pos)
            if m is None:
                raise QueryError('a quote is not closed; end the phrase with another "')
        if m is None:
            m = _RANGE.match(text, pos)
        pos = m.end() if m is not None else pos + 1


def _check_field(text: str, m: re.Match, schema_fields: Container[str]) -> None:
    """Raise QueryError for the field name m found, when it is not a field with a value."""
    name, end = m["text"], m.end()
    # Whoosh gives a field the next part of the query unless a space, the end of the
    # query or of its group comes first; then the name is read as a word.
    bare = end == len(text) or text[end].isspace() or text[end] == ")"
    if name in QUERY_FIELDS:
        quoted = _PHRASE.match(text, end) or _SINGLE_QUOTED.match(text, end)
        if bare or text[end] in "]}" or (quoted is not None and not quoted["text"].strip()):
            raise QueryError(f"{name}: needs a value, e.g. {name}:{_FIELD_EXAMPLES[name]}")
        return
    if bare:
        return  # a word ending in a colon, as headlines have them ("Exclusive: talks resume")
    # Text, not fields, when Whoosh reads them as text: "*:" (its every-field mark), clock
    # times and ratios ("10:30", "3:1"), and URLs ("https://...").
    if name not in schema_fields and (name == "*" or name[0].isdigit() or text.startswith("//", end)):
        return
    if name.lower() in QUERY_FIELDS:
        raise QueryError(f"field names are lowercase: {name.lower()}:, not {name}:")
    fields = ", ".join(QUERY_FIELDS[:-1]) + " and " + QUERY_FIELDS[-1]
    message = f"unknown field {_shown(name)}; the fields are {fields}"
    value = _PLAIN_VALUE.match(text, end)
    if value is not None and len(name) + len(value[0]) <= 60:
        message += f' (quote "{name}:{value[0]}" to search it as words)'
    raise QueryError(message)


class _InfixOperator(qsyntax.InfixOperator):
    """AND, OR, ANDNOT, ANDMAYBE, REQUIRE: an operator beside another has no operand there.

    Whoosh drops an operator that has no operand at an end of the query, but takes an
    operator beside it for one ("a ANDNOT ANDNOT b"), and its two-sided groups then fail
    on an assertion. Such an operator is dropped the same way.
    """

    def replace_self(self, parser, group, position):
        if any(0 <= i < len(group) and isinstance(group[i], qsyntax.Operator) for i in (position - 1, position + 1)):
            del group[position]
            return position
        return super().replace_self(parser, group, position)


class _PrefixOperator(qsyntax.PrefixOperator):
    """NOT: "NOT NOT x" is the inner NOT's group negated; "NOT AND x" drops the NOT.

    Whoosh would wrap the next operator itself, which leaves an empty NOT group that
    fails when the query is built.
    """

    def replace_self(self, parser, group, position):
        following = position + 1
        while following < len(group) and isinstance(group[following], qsyntax.Operator):
            inner = group[following]
            if not (isinstance(inner, _PrefixOperator) and inner.grouptype is self.grouptype):
                del group[position]
                return position
            inner.replace_self(parser, group, following)  # wraps its operand or drops itself
        return super().replace_self(parser, group, position)


def _query_parser(schema: Schema):
    """Whoosh's parser over the default fields, with operators that take only operands."""
    parser = MultifieldParser(["title", "body", "caption"], schema)
    operators = OperatorsPlugin()
    for tagger, _ in operators.ops:
        if tagger.optype is qsyntax.PrefixOperator:
            tagger.optype = _PrefixOperator
        elif tagger.optype is qsyntax.InfixOperator:
            tagger.optype = _InfixOperator
    parser.replace_plugin(operators)
    return parser


def _error_of(q) -> str | None:
    """The message of the first error a parsed query holds, in the product's words.

    Whoosh marks what it could not read with error queries; the date fields put a
    QueryError there, anything else would carry Python's text, which users never see.
    """
    err = getattr(q, "error", None)
    if err:
        return str(err) if isinstance(err, QueryError) else UNREADABLE_QUERY
    for child in q.children() if hasattr(q, "children") else ():
        msg = _error_of(child)
        if msg:
            return msg
    return None


@dataclass(frozen=True)
class EntityMatch:
    """How an entity query is answered: by the names it goes by, or by its article ids."""

    names: tuple[str, ...] | None = None
    ids: tuple[str, ...] = ()
    # With names: articles the names would match that do not name the entity (a longer
    # name holding its name, "Yasser Arafat's Fatah"), left out of the match.
    exclude: tuple[str, ...] = ()


EntityResolver = Callable[[str, str], "EntityMatch | None"]


@dataclass(frozen=True, eq=False)
class ParsedQuery:
    """A query read once (TextIndex.parse_query), to page, count and highlight with."""

    text: str
    query: object  # the engine's own query tree


def parse(schema: Schema, text: str, resolver: EntityResolver | None = None):
    """Parse the query language; entity fields are resolved to article ids when possible."""
    parser = _query_parser(schema)
    # Queries are one line: a line break or tab is a space (Whoosh's phrases stop at
    # line breaks).
    stripped = _ANY_SPACE.sub(" ", text).strip()
    if not stripped:
        return wq.Every()
    if stripped in {"*", "?"}:
        raise QueryError("a lone wildcard matches everything; add a word to search for")
    try:
        check_query_syntax(stripped, schema.names())
        try:
            q = parser.parse(stripped)
        except QueryParserError as exc:
            raise QueryError(UNREADABLE_QUERY) from exc
        err = _error_of(q)
        if err:
            raise QueryError(err)
        if q is wq.NullQuery:
            # Brackets, quotes or operators with nothing between them ("((", '""', "AND").
            raise QueryError("it holds no words to search for")
        q = _read_quoted_dates(schema, q)
        if WORDS_FIELD in schema.names():
            q = _wildcards_over_words(q)
    except QueryError as exc:
        # Every message on what the query says leads with the same words.
        raise QueryError(f"cannot read query: {exc}") from None
    if resolver is not None:
        q = _resolve_entities(q, resolver)
    return q


def _wildcards_over_words(q):
    """A wildcard or prefix over the default fields runs over the words as written (the words field).

    The text fields hold stems: `negotia*` over them would miss "negotiations" (stem "negoti").
    A wildcard given a field (title:talk*) stays on that field.
    """

    def rewrite(node):
        if isinstance(node, wq.Or) and node.subqueries:
            node = wq.Or(_merge_default_wildcards(node.subqueries), boost=node.boost)
            if len(node.subqueries) == 1:
                return node.subqueries[0]
        return node.apply(rewrite) if hasattr(node, "apply") else node

    return rewrite(q)


def _merge_default_wildcards(parts: list) -> list:
    """An Or's children, each wildcard spread over every default field made one words-field wildcard."""
    fields_of: dict[tuple[type, str], set[str]] = {}
    for c in parts:
        if isinstance(c, (wq.Wildcard, wq.Prefix)) and c.fieldname in WORDS_OF:
            fields_of.setdefault((type(c), str(c.text)), set()).add(c.fieldname)
    spread = {key for key, fields in fields_of.items() if fields == set(WORDS_OF)}
    out: list = []
    done: set[tuple[type, str]] = set()
    for c in parts:
        key = (type(c), str(getattr(c, "text", "")))
        if key not in spread or getattr(c, "fieldname", None) not in WORDS_OF:
            out.append(c)
        elif key not in done:
            done.add(key)
            out.append(type(c)(WORDS_FIELD, key[1].lower(), boost=c.boost))
    return out


def _read_quoted_dates(schema: Schema, q):
    """Date field terms read as dates.

    A quoted date (date:"2018-09") reaches the field as a plain term, which Whoosh
    would turn into a number only while searching, with its lenient reading; here it
    becomes the same range as the unquoted date, or a QueryError.
    """

    def rewrite(node):
        name = getattr(node, "fieldname", None)
        field = schema[name] if name and name in schema else None
        if isinstance(field, DayField) and isinstance(node, (wq.Term, wq.Phrase)):
            text = node.text if isinstance(node, wq.Term) else " ".join(node.words)
            if isinstance(text, str):
                found = field.parse_query(name, text, boost=node.boost)
                err = _error_of(found)
                if err:
                    raise QueryError(err)
                return found
        return node.apply(rewrite) if hasattr(node, "apply") else node

    return rewrite(q)


def _resolve_entities(q, resolver: EntityResolver):
    def rewrite(node):
        field = getattr(node, "fieldname", None)
        if field in RESOLVED_FIELDS:
            if isinstance(node, wq.Term):
                name = str(node.text)
            elif isinstance(node, wq.Phrase):
                name = " ".join(node.words)
            else:
                return node
            found = resolver(field, name)
            if found is None:
                return node
            if found.names is not None:
                # The names the entity goes by, looked up in the entity field: a handful of
                # terms however many articles name it.
                parts = []
                for n in found.names:
                    words = name_terms(n)
                    if len(words) == 1:
                        parts.append(wq.Term(field, words[0]))
                    elif words:
                        parts.append(wq.Phrase(field, words))
                if not parts:
                    return wq.NullQuery
                if found.exclude:
                    return wq.AndNot(wq.Or(parts), wq.Or([wq.Term("id", i) for i in found.exclude]))
                return wq.Or(parts)
            if not found.ids:
                return wq.NullQuery
            return wq.Or([wq.Term("id", i) for i in found.ids])
        if hasattr(node, "apply"):
            return node.apply(rewrite)
        return node

    return rewrite(q)


def terms_of(s, q) -> set[str]:
    """Analysed body/title terms of a parsed query (wildcards expanded against the index)."""
    terms: set[str] = set()
    pairs: set = set()
    # Leaf by leaf: Whoosh's existing_terms() on a compound query reuses its fieldname
    # argument as a loop variable, so after the first title term it skips every body term.
    for leaf in q.leaves():
        try:
            pairs |= leaf.existing_terms(s.reader(), expand=True)
        except Exception:
            continue
    for field, value in pairs:
        text = value.decode("utf-8") if isinstance(value, bytes) else str(value)
        if field in ("body", "title"):
            terms.add(text)
        elif field == WORDS_FIELD:  # a word a wildcard matched: highlighted as the text fields index it
            terms.update(news_terms(text))
    return terms


def suggest(s, text: str) -> str | None:
    """A corrected query made of real corpus words (never stems), or None."""
    corrector = s.corrector("body")
    changed = False
    out = []
    for token in text.split():
        bare = token.strip('"()')
        if ":" in bare or not bare.isalpha() or bare.upper() in ("AND", "OR", "NOT"):
            out.append(token)
            continue
        terms = news_terms(bare)
        if not terms or s.doc_frequency("body", terms[0]) > 0:
            out.append(token)
            continue
        # Stems of one word differ ("negoti", "negotiat"): look a little wider, then pick
        # the written form nearest to what was typed.
        options = corrector.suggest(terms[0], limit=5, maxdist=2)
        term = terms[0]
        options += [term[:k] for k in range(len(term) - 1, 3, -1) if s.doc_frequency("body", term[:k]) > 0][:2]
        forms = [f for f in (_surface_of(s, o, bare.lower()) for o in options) if f]
        word = max(forms, key=lambda f: SequenceMatcher(None, bare.lower(), f).ratio(), default=None)
        if word:
            out.append(token.replace(bare, word))
            changed = True
        else:
            out.append(token)
    return " ".join(out) if changed else None


def _surface_of(s, term: str, typed: str) -> str | None:
    """The written form of an indexed stem nearest to what was typed, read from articles."""
    counts: dict[str, int] = {}
    for docnum in list(s.docs_for_query(wq.Term("body", term)))[:25]:
        body = s.stored_fields(docnum).get("body", "")
        for found, a, b in news_term_spans(body):
            if found == term:
                form = body[a:b].lower()
                counts[form] = counts.get(form, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda f: (SequenceMatcher(None, typed, f).ratio(), counts[f]))
