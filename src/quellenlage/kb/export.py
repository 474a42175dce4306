"""Exports of the knowledge base: JSON, CSV, FollowTheMoney entities (for Aleph) and GraphML (source graph)."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from quellenlage.kb.store import KnowledgeBase

BIG = 10**9  # "no limit" for exports


def export_json(kb: KnowledgeBase) -> str:
    """Everything a researcher queries, in one JSON document."""
    return json.dumps({"stats": kb.stats(), "actors": kb.actors(limit=BIG), "claims": kb.claims(limit=BIG),
                       "sources": kb.sources(limit=BIG)}, ensure_ascii=False, indent=2)


def rows_to_csv(rows: list[dict]) -> str:
    """Flat CSV; list values are joined with '; ', nested values become JSON."""
    if not rows:
        return ""
    buf = io.StringIO()
    cols = list(rows[0].keys())
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("; ".join(map(str, v)) if isinstance(v, list) and all(not isinstance(x, dict) for x in v)
                        else json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                    for k, v in r.items()})
    return buf.getvalue()


def claim_report_rows(claims: list[dict]) -> list[dict]:
    """One CSV row per report of a claim."""
    out = []
    for c in claims:
        for r in c["reports"]:
            out.append({"claim_id": c["id"], "summary": c["summary"], "status": c["status"],
                        "origins": c["origins"], **{k: r.get(k) for k in (
                            "document_id", "source_path", "outlet", "date", "attribution_id", "cue", "source",
                            "text", "epistemic", "origin", "derived")}})
    return out


def export_csv(kb: KnowledgeBase, what: str = "claims") -> str:
    if what == "actors":
        return rows_to_csv(kb.actors(limit=BIG))
    if what == "sources":
        return rows_to_csv(kb.sources(limit=BIG))
    return rows_to_csv(claim_report_rows(kb.claims(limit=BIG)))


FTM_SCHEMA = {"person": "Person", "organisation": "Organization", "outlet": "Organization",
              "group": "Organization", "place": "Address", "other": "LegalEntity"}


def iter_ftm(kb: KnowledgeBase, prefix: str = "ql") -> Iterator[dict]:
    """FollowTheMoney entities: actors, articles, mentions (who is quoted where), claims as notes, citations."""
    from followthemoney import model

    def make(schema: str, *key) -> object:
        e = model.make_entity(schema)
        e.make_id(prefix, *map(str, key))
        return e

    actor_ent = {}
    for a in kb.actors(limit=BIG):
        schema = FTM_SCHEMA.get(a["type"], "LegalEntity")
        e = make(schema, "actor", a["id"])
        if schema == "Address":
            e.add("full", a["name"])
        else:
            e.add("name", a["name"])
            e.add("alias", [n for n in a["names"] if n != a["name"]])
        actor_ent[a["name"]] = e
        yield e.to_dict()
    doc_ent = {}
    offset = 0
    while True:
        docs = kb.documents(limit=1000, offset=offset)
        if not docs:
            break
        offset += len(docs)
        for d in docs:
            e = make("Article", "doc", d["id"])
            e.add("title", d["title"] or d["source_path"])
            e.add("fileName", d["source_path"])
            e.add("publishedAt", d["date"])
            e.add("publisher", d["outlet"])
            e.add("sourceUrl", d["url"])
            e.add("contentHash", d["revision_id"])
            doc_ent[d["id"]] = e
            yield e.to_dict()
    for c in kb.claims(limit=BIG):
        note = make("Note", "claim", c["id"])
        note.add("name", c["summary"][:200])
        note.add("summary", c["summary"])
        note.add("description", f"status: {c['status']}; independent origins: {', '.join(c['origins'])}")
        for r in c["reports"]:
            src = actor_ent.get(r.get("source") or "")
            m = make("Mention", "report", r["document_id"], r["attribution_id"])
            m.add("name", r.get("source") or r.get("origin") or "unattributed")
            if r["document_id"] in doc_ent:
                m.add("document", doc_ent[r["document_id"]].id)
            if src is not None:
                m.add("resolved", src.id)
            yield m.to_dict()
        yield note.to_dict()
    for s in kb.sources(limit=BIG):
        citing, cited = actor_ent.get(s["citing"]), actor_ent.get(s["cited"])
        link = make("UnknownLink", "cites", s["citing"], s["cited"], s["source_type"])
        if citing is None:
            citing = make("Organization", "outlet", s["citing"])
            citing.add("name", s["citing"])
            actor_ent[s["citing"]] = citing
            yield citing.to_dict()
        if cited is None:
            cited = make("LegalEntity", "source", s["cited"])
            cited.add("name", s["cited"])
            actor_ent[s["cited"]] = cited
            yield cited.to_dict()
        link.add("subject", citing.id)
        link.add("object", cited.id)
        link.add("role", f"cites ({s['source_type']}, {s['reports']} reports)")
        yield link.to_dict()


def export_ftm(kb: KnowledgeBase) -> str:
    """FollowTheMoney entities as JSON Lines (load into Aleph with `ftm` / `alephclient write-entities`)."""
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in iter_ftm(kb))


def export_graphml(kb: KnowledgeBase) -> str:
    """The source graph (who cites whom) as GraphML: nodes are outlets and sources, edges carry report counts."""
    edges = kb.sources(limit=BIG)
    nodes: dict[str, str] = {}
    for e in edges:
        nodes.setdefault(e["citing"], "outlet")
        nodes.setdefault(e["cited"], e["source_type"])
    ids = {n: f"n{i}" for i, n in enumerate(nodes)}
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
           '<key id="label" for="node" attr.name="label" attr.type="string"/>',
           '<key id="kind" for="node" attr.name="kind" attr.type="string"/>',
           '<key id="source_type" for="edge" attr.name="source_type" attr.type="string"/>',
           '<key id="reports" for="edge" attr.name="reports" attr.type="int"/>',
           '<graph id="sources" edgedefault="directed">']
    for n, kind in nodes.items():
        out.append(f'<node id="{ids[n]}"><data key="label">{escape(n)}</data>'
                   f'<data key="kind">{escape(kind)}</data></node>')
    for i, e in enumerate(edges):
        out.append(f'<edge id="e{i}" source={quoteattr(ids[e["citing"]])} target={quoteattr(ids[e["cited"]])}>'
                   f'<data key="source_type">{escape(e["source_type"])}</data>'
                   f'<data key="reports">{int(e["reports"])}</data></edge>')
    out += ["</graph>", "</graphml>"]
    return "\n".join(out) + "\n"
