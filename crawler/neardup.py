"""Near-duplicate detection with MinHash LSH (datasketch).

Method: Broder (1997), "On the resemblance and containment of documents": Jaccard similarity of
word 5-gram shingles (:func:`crawler.text.shingles`, case-folded), estimated with 128 MinHash
permutations and banded LSH for candidates. Syndicated copies of an article with a changed
headline or footer land in one group.

A page's signature is computed once, by the extraction worker (:func:`signature`), stored with
its document (``documents.minhash``) and used both to query the index and to join it; a new
pass loads the stored signatures in one batch (:meth:`NearDuplicateIndex.load`) instead of
re-hashing every stored text.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from crawler.errors import Errors
from crawler.text import shingles

#: Words per shingle (Broder 1997 uses word 4- to 10-grams; 5 keeps short syndicated edits apart).
SHINGLE_SIZE = 5
#: MinHash permutations of the stored signatures.
NUM_PERM = 128
#: Seed of the permutations: a stored signature is only comparable with ones of the same seed.
SEED = 1
#: datasketch (>= 2.0) hash scheme: 32-bit affine permutations, uint32 hash values. Named, not
#: left to the default, because a stored signature is only comparable under the same scheme.
SCHEME = "affine32"
#: A signature is stored as little-endian uint32: 4 bytes a permutation, 512 for :data:`NUM_PERM`.
_DTYPE = np.dtype("<u4")


def features(text: str) -> set[bytes]:
    """The MinHash input of ``text``: its word 5-gram shingles, case-folded, as UTF-8 bytes
    (words joined by one space); a text of fewer than 5 words is one shingle, no words none."""
    return {" ".join(gram).encode() for gram in shingles(text, SHINGLE_SIZE)}


def _minhash(text: str, num_perm: int) -> MinHash:
    m = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    m.update_batch(list(features(text)))
    return m


def signature(text: str, *, num_perm: int = NUM_PERM) -> bytes:
    """The MinHash signature of ``text`` as bytes (``num_perm`` little-endian uint32 values),
    what ``documents.minhash`` holds."""
    return _minhash(text, num_perm).hashvalues.astype(_DTYPE).tobytes()


def _from_signature(blob: bytes, num_perm: int) -> LeanMinHash:
    values = np.frombuffer(blob, dtype=_DTYPE).astype(np.uint32)
    if len(values) != num_perm:
        raise ValueError(f"a MinHash signature of {len(values)} permutations, not {num_perm}")
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


class NearDuplicateIndex:
    """An in-memory LSH index of documents; :meth:`query` returns the id of a near-duplicate.

    Texts or stored signatures (:func:`signature`) may be given wherever a document is: give
    the signature when there is one, so that no text is hashed twice.

    Args:
        threshold (float): estimated Jaccard similarity of shingle sets above which two texts
            are near-duplicates, between 0 and 1. Keyword-only; default 0.9.
        num_perm (int): MinHash permutations (default 128; more is more exact and slower).

    Raises:
        ValueError: ``[E203]`` when ``threshold`` is outside [0, 1].
    """

    def __init__(self, *, threshold: float = 0.9, num_perm: int = NUM_PERM) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(Errors.E203.format(value=threshold))
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._ids: set[int] = set()

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._ids

    def _hash(self, text: str | None, sig: bytes | None):
        if sig is not None:
            return _from_signature(sig, self.num_perm)
        return _minhash(text or "", self.num_perm)

    def add(self, doc_id: int, text: str | None = None, *, signature: bytes | None = None) -> None:
        """Index a document under ``doc_id`` by its ``text`` or its stored ``signature``; an id
        indexed already keeps its first entry."""
        if doc_id in self._ids:
            return
        self.lsh.insert(str(doc_id), self._hash(text, signature))
        self._ids.add(doc_id)

    def load(self, signatures: Iterable[tuple[int, bytes]]) -> int:
        """Index many stored signatures ``(doc_id, bytes)`` in one LSH insertion session;
        returns how many were added (ids indexed already are skipped)."""
        added = 0
        with self.lsh.insertion_session() as session:
            for doc_id, sig in signatures:
                if doc_id in self._ids:
                    continue
                session.insert(str(doc_id), _from_signature(sig, self.num_perm), check_duplication=False)
                self._ids.add(doc_id)
                added += 1
        return added

    def remove(self, doc_id: int) -> None:
        """Take ``doc_id`` out of the index (its text was re-extracted); no error when absent."""
        if doc_id in self._ids:
            self.lsh.remove(str(doc_id))
            self._ids.discard(doc_id)

    def query(self, text: str | None = None, *, signature: bytes | None = None,
              exclude: int | None = None) -> int | None:
        """The smallest id of an indexed near-duplicate of ``text`` (or of a stored
        ``signature``) other than ``exclude``, or ``None``."""
        hits = self.lsh.query(self._hash(text, signature))
        return min((int(h) for h in hits if int(h) != exclude), default=None)
