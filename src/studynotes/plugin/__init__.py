"""The site's build on MkDocs: the events of ``hooks/notes.py`` and the modules they delegate to.

``events`` (the object the hook registers), ``state`` (what one language's build knows, and what
outlives it), ``intake`` (screening, the catalog and term index of a language), ``navigation``,
``metadata`` (a page before Markdown), ``linking`` (glossary links, related terms, backlinks),
``checking`` (the guard's findings and links), ``languages``, ``templates`` (what Material's
templates get), ``output`` (search index, data files, service worker, the report), ``paths``, and
``internals`` (the one module naming what MkDocs and mkdocs-static-i18n do not document).
ARCHITECTURE.md, "How a page is built", follows a page through them.
"""
