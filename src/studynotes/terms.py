"""The term index: every glossary page and every term explained inside a question, with its names.

A glossary page (title + aliases) is a term that links to its page. A term declared in a question's
front matter (``terms:``) links to that section, unless a glossary page has the same name: then the
section becomes an *explanation* of the glossary term, which links to the glossary page, and the
glossary page lists the explanation. Every name (title or alias) belongs to exactly one term.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalog import Catalog
from .errors import NotesError, Problem
from .matching import same_name_key

MIN_NAME_LENGTH = 2  # characters of a name's key (a one-character name would link inside words)


@dataclass(frozen=True)
class Explanation:
    """A section of a question that explains a term."""

    number: int
    path: str
    anchor: str
    title: str  # the question's title


@dataclass
class TermEntry:
    key: str            # the target: a glossary page path, or "questions/NNN.md#anchor"
    title: str
    names: list[str]    # title first, then aliases, in declaration order
    summary: str
    reading: str
    path: str           # docs path of the page the term links to
    anchor: str = ""    # "" for a glossary page
    explanations: list[Explanation] = field(default_factory=list)

    @property
    def is_glossary_page(self) -> bool:
        return not self.anchor


@dataclass
class TermIndex:
    entries: dict[str, TermEntry]
    _defining: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    _by_page: dict[str, list[TermEntry]] | None = None

    def __post_init__(self):
        for entry in self.entries.values():
            for e in entry.explanations:
                self._defining.setdefault(e.path, {}).setdefault(e.anchor, set()).add(entry.key)

    def defining(self, path: str) -> dict[str, set[str]]:
        """For a page: each heading id whose section explains terms → the keys of those terms."""
        return self._defining.get(path, {})

    def names(self) -> dict[str, str]:
        """Every name → the key of its term."""
        return {name: key for key, entry in self.entries.items() for name in entry.names}

    def names_at(self, path: str, url: str) -> dict[str, tuple[str, ...]]:
        """The names (and readings) of the terms a page defines, by the location (``url`` or
        ``url#anchor``) of the page or section that defines them, for the search index."""
        if self._by_page is None:  # built on first use: entries may be added until then
            self._by_page = {}
            for entry in self.entries.values():
                self._by_page.setdefault(entry.path, []).append(entry)
        found: dict[str, tuple[str, ...]] = {}
        for entry in self._by_page.get(path, ()):
            location = f"{url}#{entry.anchor}" if entry.anchor else url
            # The reading is a name too: a reader may type 消失勾配 as しょうしつこうばい.
            found[location] = found.get(location, ()) + tuple(entry.names) + ((entry.reading,) if entry.reading else ())
        return found

    def by_path(self, path: str) -> TermEntry | None:
        return self.entries.get(path)


def build_term_index(catalog: Catalog) -> TermIndex:
    """All terms of ``catalog``; :class:`NotesError` names both files of any name claimed twice."""
    index, problems = collect_term_index(catalog)
    if problems:
        raise NotesError(problems)
    return index


def collect_term_index(catalog: Catalog) -> tuple[TermIndex, list[Problem]]:
    """All terms of ``catalog`` and the problems of their names; a name that cannot be used (empty,
    one character, claimed by another term) is left out of the index."""
    entries: dict[str, TermEntry] = {}
    owners: dict[str, tuple[str, str, int | None]] = {}  # same_name_key → (key, path, line)
    problems: list[Problem] = []

    def claim(key: str, name: str, path: str, line: int | None) -> bool:
        norm = same_name_key(name)
        if not norm:
            problems.append(Problem(path, line, "a term name must not be empty", "用語名を空にしないでください"))
            return False
        if len(norm) < MIN_NAME_LENGTH:
            problems.append(Problem(path, line,
                                    f"name '{name}' has only one character: the site would link that character "
                                    "wherever it appears in other words; give the term a longer name or "
                                    "remove this alias",
                                    f"名前 '{name}' は一文字です: "
                                    "ほかの語の中のその文字にまでリンクが付いてしまいます。"
                                    "もっと長い名前にするか、この別名を削除してください"))
            return False
        owner = owners.setdefault(norm, (key, path, line))
        if owner[0] != key:
            where = f"{owner[1]}:{owner[2]}" if owner[2] else owner[1]
            problems.append(Problem(path, line,
                                    f"alias '{name}' is also claimed by {where}: keep it on one term only",
                                    f"別名 '{name}' は {where} でも使われています: "
                                    "どちらか一方の用語だけに残してください"))
            return False
        return True

    # Titles first: a term's own name is never lost to another term's alias (the alias is reported).
    glossary = [term for _, term in sorted(catalog.terms.items())]
    for term in glossary:
        entry = entries[term.path] = TermEntry(term.path, term.title, [], term.summary, term.reading, term.path)
        if claim(entry.key, term.title, term.path, term.line):
            entry.names.append(term.title)
    for term in glossary:
        entry = entries[term.path]
        for name, line in zip(term.aliases, term.alias_lines or [None] * len(term.aliases), strict=True):
            if claim(entry.key, name, term.path, line) and name not in entry.names:
                entry.names.append(name)

    for number, question in sorted(catalog.questions.items()):
        for t in question.terms:
            owner = owners.get(same_name_key(t.term))
            if owner:
                entry = entries[owner[0]]
            else:
                key = f"{t.path}#{t.anchor}"
                entry = entries[key] = TermEntry(key, t.term, [], t.summary, t.reading, t.path, t.anchor)
                if claim(key, t.term, t.path, t.line):
                    entry.names.append(t.term)
            entry.explanations.append(Explanation(number, t.path, t.anchor, question.title))
            for name, line in zip(t.aliases, t.alias_lines or [None] * len(t.aliases), strict=True):
                if claim(entry.key, name, t.path, line) and name not in entry.names:
                    entry.names.append(name)
    return TermIndex(entries), problems
