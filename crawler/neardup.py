"""Near-duplicate detection with MinHash LSH (datasketch).

Method: Broder (1997), "On the resemblance and containment of documents": Jaccard similarity of
word 5-gram shingles (:func:`crawler.text.shingles`, case-folded), estimated with 128 MinHash
permutations and banded LSH for candidates. Syndicated copies of an article with a changed
headline or footer land in one group.
"""

from __future__ import annotations

from datasketch import MinHash, MinHashLSH

from crawler.errors import Errors
from crawler.text import shingles

#: Words per shingle (Broder 1997 uses word 4- to 10-grams; 5 keeps short syndicated edits apart).
SHINGLE_SIZE = 5


def features(text: str) -> set[bytes]:
    """The MinHash input of ``text``: its word 5-gram shingles, case-folded, as UTF-8 bytes
    (words joined by one space); a text of fewer than 5 words is one shingle, no words none."""
    return {" ".join(gram).encode() for gram in shingles(text, SHINGLE_SIZE)}


class NearDuplicateIndex:
    """An in-memory LSH index of documents; :meth:`query` returns the id of a near-duplicate.

    Args:
        threshold (float): estimated Jaccard similarity of shingle sets above which two texts
            are near-duplicates, between 0 and 1. Keyword-only; default 0.9.
        num_perm (int): MinHash permutations (default 128; more is more exact and slower).

    Raises:
        ValueError: ``[E203]`` when ``threshold`` is outside [0, 1].
    """

    def __init__(self, *, threshold: float = 0.9, num_perm: int = 128) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(Errors.E203.format(value=threshold))
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._hashes: dict[int, MinHash] = {}

    def _minhash(self, text: str) -> MinHash:
        m = MinHash(num_perm=self.num_perm, seed=1)
        m.update_batch(list(features(text)))
        return m

    def add(self, doc_id: int, text: str) -> None:
        """Index ``text`` under ``doc_id``; an id indexed already keeps its first text."""
        if doc_id in self._hashes:
            return
        m = self._minhash(text)
        self._hashes[doc_id] = m
        self.lsh.insert(str(doc_id), m)

    def query(self, text: str) -> int | None:
        """The smallest id of an indexed near-duplicate of ``text``, or ``None``."""
        hits = self.lsh.query(self._minhash(text))
        return min((int(h) for h in hits), default=None)
