"""The web layer's view of the knowledge base: `quellenlage.kb.store.KnowledgeBase` (docs/kb.md), shaped for pages.

The KB does the querying (SQLAlchemy, parameterised); this adapter only pages, merges and relabels its results.
`KnowledgeBase` is not thread-safe, so each server thread opens its own, and writes are serialised by one lock.
"""
from __future__ import annotations

import threading
import time
from collections import defaultdict

from quellenlage.errors import QuellenlageError
from quellenlage.model import Analysis
from quellenlage.settings import DEFAULTS, default_db

GRAPH_SOURCE_ROWS = 500
STAT_KEYS = ("documents", "actors", "attributions", "claims")
# Whole-KB aggregates (graph, counts, actor ranking) take 1-10 s on 100,000 documents; kept this long or until a write.
AGGREGATE_TTL_S = DEFAULTS.aggregate_ttl_s


class KBStore:
    """Read and write the knowledge base for the API and the pages."""

    def __init__(self, db: str | None, create: bool = False):
        from quellenlage.kb.store import KnowledgeBase

        self.db = default_db(db)
        self._cls = KnowledgeBase
        self._create = create
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._cache: dict[tuple, tuple[float, object]] = {}
        self.kb  # open once now, so a broken URL fails at start-up, not on the first request

    def _cached(self, key: tuple, fn):
        """`fn()` at most once per AGGREGATE_TTL_S for `key`; a write through this store clears everything."""
        now = time.monotonic()
        hit = self._cache.get(key)
        if hit and now - hit[0] < AGGREGATE_TTL_S:
            return hit[1]
        value = fn()
        self._cache[key] = (now, value)
        return value

    @property
    def kb(self):
        kb = getattr(self._local, "kb", None)
        if kb is None:
            kb = self._local.kb = self._cls(self.db, create=self._create)
        return kb

    # ---------------------------------------------------------------- documents
    def add_analysis(self, analysis: Analysis) -> dict:
        with self._write_lock:
            res = self.kb.add(analysis)
            self._cache.clear()
        return {"id": res.document_id, "revision_id": res.revision_id, "status": res.status,
                "url": f"/documents/{res.document_id}"}

    def list_documents(self, limit: int = 50, offset: int = 0) -> dict:
        items = self.kb.documents(limit=limit, offset=offset)
        return {"items": items, "limit": limit, "offset": offset, "total": None}

    def get_analysis(self, doc_id: str) -> Analysis | None:
        doc = self.kb.document(doc_id)
        if not doc or not doc.get("analysis"):
            return None
        return Analysis.from_dict(doc["analysis"])

    def actor_links(self, analysis: Analysis) -> dict[str, int]:
        """Document-local actor id -> knowledge-base actor id, for the sidebar links."""
        out = {}
        for a in analysis.actors:
            kb_id = self.kb.find_actor(a.name)
            if kb_id is not None:
                out[a.id] = kb_id
        return out

    # ---------------------------------------------------------------- actors
    def list_actors(self, q: str | None = None, limit: int = 50, offset: int = 0) -> dict:
        """Ranked by documents: the KB counts them over every mention (~10 s on 100,000 documents), so cached."""
        items = self._cached(("actors", q or None, limit, offset),
                             lambda: self.kb.actors(limit=limit, offset=offset, q=q or None))
        return {"items": items, "limit": limit, "offset": offset, "total": None}

    def get_actor(self, actor_id: str, limit: int = 200) -> dict | None:
        """The KB's actor record plus `timeline`: what they said and what was said about them, oldest first."""
        if not str(actor_id).isdigit():
            return None  # names resolve through /actors?q=; ids here are the KB's integer ids
        a = self.kb.actor(int(actor_id), limit=limit)
        if a is None:
            return None
        seen, timeline = set(), []
        for kind in ("said", "about"):
            for r in a.get(kind, []):
                key = (r.get("revision_id"), r.get("attribution_id"))
                if key in seen:
                    continue
                seen.add(key)
                timeline.append({**r, "kind": kind})
        timeline.sort(key=lambda t: (t.get("date") is None, t.get("date") or "", t.get("document_id") or 0))
        truncated = len(a.get("said", [])) >= limit or len(a.get("about", [])) >= limit
        return {**a, "timeline": timeline, "truncated": truncated}

    def merge_actors(self, keep: str, other: str, reason: str) -> dict | None:
        """Manual merge (pinned, survives re-ingest); None if either actor is unknown."""
        return self._pinned_change(self.kb.merge, keep, other, reason)

    def split_actor(self, actor: str, names: list[str], reason: str) -> dict | None:
        """Manual split of some surface names into a new actor; None if the actor or the names are unknown."""
        return self._pinned_change(self.kb.split, actor, names, reason)

    def _pinned_change(self, change, actor: str, what, reason: str) -> dict | None:
        """Run a KB merge/split under the write lock; the actor it leaves, or None where the KB says KeyError."""
        with self._write_lock:
            try:
                result = change(int(actor), what, reason=reason)
            except KeyError:
                return None
            self._cache.clear()
        return {"id": result, "url": f"/actors/{result}"}

    # ---------------------------------------------------------------- claims
    def list_claims(self, about: str | None = None, status: str | None = None, limit: int = 50,
                    offset: int = 0) -> dict:
        rows = self.kb.claims(about=about or None, status=status, limit=limit, offset=offset)
        return {"items": rows, "limit": limit, "offset": offset, "total": None}

    def get_claim(self, claim_id: str) -> dict | None:
        if not str(claim_id).isdigit():
            return None
        return self.kb.claim(int(claim_id))

    # ---------------------------------------------------------------- sources
    def source_graph(self, min_reports: int = 1, max_nodes: int = 150) -> dict:
        """Nodes (citing outlets and cited sources) and edges citing -> cited, the heaviest first."""
        return self._cached(("graph", min_reports, max_nodes), lambda: self._source_graph(min_reports, max_nodes))

    def _source_graph(self, min_reports: int, max_nodes: int) -> dict:
        rows = [r for r in self.kb.sources(limit=GRAPH_SOURCE_ROWS) if (r.get("reports") or 0) >= min_reports]
        weight: dict[str, int] = defaultdict(int)
        types: dict[str, str] = {}
        for r in rows:
            weight[r["citing"]] += r["reports"]
            weight[r["cited"]] += r["reports"]
            types.setdefault(r["citing"], "outlet")
            types[r["cited"]] = types.get(r["cited"]) if types.get(r["cited"]) == "outlet" else r["source_type"]
        keep = sorted(weight, key=lambda n: (-weight[n], n))[:max_nodes]
        ids = {name: f"n{i}" for i, name in enumerate(keep)}
        nodes = []
        for name in keep:
            kb_id = self.kb.find_actor(name)
            nodes.append({"id": ids[name], "name": name, "type": types.get(name) or "other",
                          "reports": weight[name], "href": f"/actors/{kb_id}" if kb_id is not None else None})
        edges: dict[tuple[str, str], int] = defaultdict(int)
        for r in rows:
            if r["citing"] in ids and r["cited"] in ids and r["citing"] != r["cited"]:
                edges[(ids[r["citing"]], ids[r["cited"]])] += r["reports"]
        return {"nodes": nodes, "edges": [{"source": s, "target": t, "reports": n}
                                          for (s, t), n in sorted(edges.items(), key=lambda x: -x[1])]}

    def stats(self) -> dict:
        s = self._cached(("stats",), self.kb.stats)
        return {k: s[k] for k in STAT_KEYS if k in s}


def open_store(db: str | None, create: bool = False) -> KBStore:
    """Open the knowledge base; a missing SQLite file is `NoKnowledgeBase` unless `create` (writes enabled)."""
    from quellenlage.kb.db import NoKnowledgeBase

    try:
        return KBStore(db, create=create)
    except QuellenlageError:
        raise
    except Exception as e:  # a bad URL or an unreachable server: say so, do not leak a traceback
        raise NoKnowledgeBase(f"cannot open the knowledge base ({type(e).__name__})") from None
