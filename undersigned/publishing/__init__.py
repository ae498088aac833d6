"""Publishing a letter: the numbered list of signatories in every format.

Pure functions, no database:

* ``document``   — ``Entry`` and ``LetterDocument`` (what is printed), the closing sentence
  about anonymous signatories in the document's language, dates.
* ``collation``  — ``sort_entries``: ICU/CLDR alphabetical order as a careful editor sorts
  (articles and leading punctuation ignored, Chinese by stroke or pinyin, overrides).
* ``markup``     — the letter's Markdown, sanitised, as HTML, a node tree or plain text.
* ``renderers``  — one module per format and the ``FORMATS`` registry.

Editions, commands and web pages build a ``LetterDocument`` and call a renderer.
"""
