"""The store's fixed vocabularies, in a module that imports nothing, so the command line can
offer them as choices without loading SQLAlchemy and the models (``debatelens --help`` start-up:
see benchmarks/store.py --startup). :mod:`corpus.models` re-exports them."""

from __future__ import annotations

#: Kinds of outlet a source can be (DESIGN.md, "sources").
SOURCE_KINDS = ("news", "blog", "forum", "official", "research", "social")
#: Kinds of document (a comment has a parent thread).
DOCUMENT_KINDS = ("article", "post", "thread", "comment", "statement")
#: Actor types of the debate profile.
ACTOR_TYPES = ("company", "government", "official", "researcher", "media", "person", "organization")
#: Stance labels toward a proposition (``unclear``: related, but no side above the model's
#: confidence floor).
STANCE_LABELS = ("favor", "against", "neutral", "unclear")
