"""Near-duplicate detection with MinHash LSH (datasketch).

Method: Broder (1997), "On the resemblance and containment of documents": Jaccard similarity of
word 5-gram shingles, estimated with 128 MinHash permutations and banded LSH for candidates.
Syndicated copies of an article with a changed headline or footer land in one group.
"""

from __future__ import annotations

import re

from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = 5) -> set[bytes]:
    """Word ``size``-gram shingles of ``text`` (case-folded), as UTF-8 bytes."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


class NearDuplicateIndex:
    """An in-memory LSH index of documents; :meth:`query` returns the id of a near-duplicate.

    Args:
        threshold: estimated Jaccard similarity of shingle sets above which two texts are
            near-duplicates (default 0.9).
        num_perm: MinHash permutations (default 128; more is more exact and slower).
    """

    def __init__(self, *, threshold: float = 0.9, num_perm: int = 128) -> None:
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._hashes: dict[int, MinHash] = {}

    def _minhash(self, text: str) -> MinHash:
        m = MinHash(num_perm=self.num_perm, seed=1)
        m.update_batch(list(shingles(text)))
        return m

    def add(self, doc_id: int, text: str) -> None:
        """Index ``text`` under ``doc_id`` (ids must be unique)."""
        if doc_id in self._hashes:
            return
        m = self._minhash(text)
        self._hashes[doc_id] = m
        self.lsh.insert(str(doc_id), m)

    def query(self, text: str) -> int | None:
        """The smallest id of an indexed near-duplicate of ``text``, or ``None``."""
        hits = self.lsh.query(self._minhash(text))
        return min((int(h) for h in hits), default=None)
