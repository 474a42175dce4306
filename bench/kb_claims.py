"""Claims on labelled multi-report stories: grouping, status, origins, denials, outlets, as a user would get them.

Every story under tests/data/stories/ (format: tests/data/stories/README.md) is ingested into one fresh SQLite
knowledge base through the CLI (`python -m quellenlage ingest <story>/reports ... --db <tmp>`), then read back
through the `KnowledgeBase` query API. Each gold report snippet is mapped to the stored attribution whose message
covers it (at least COVER of its characters; the innermost such attribution, i.e. the one with the shortest
message, when several nest) and to that attribution's claim. Printed:

- attribution recall: gold reports (and denials) found as any attribution's message;
- pairwise claim grouping precision/recall over all pairs of gold reports, across all stories (a report not
  found, or found without a claim, is a claim of its own); recall also for German/English pairs;
- status accuracy per gold claim (its predicted claim is the one most of its reports landed in; a gold claim with
  no report found counts as wrong);
- origins of the found reports: paths, unknown where the gold knows one, agreement with the gold origin;
- denials linked: a gold denial's attribution sits in the predicted claim of the claim it denies;
- headlines (gold `not_claims`) that became reports of a claim;
- documents: outlet as stored (same name after case/article normalisation; known vs unknown; paths), language.
`--verbose` adds one block per story. `--message-pairs` runs the older encoder-only check on written message pairs.

Run: .venv/bin/python bench/kb_claims.py [--verbose] [--keep DIR] [--message-pairs]
"""
from __future__ import annotations

import argparse
import itertools
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import storygold as sg  # noqa: E402

COVER = 0.8  # share of a snippet's characters an attribution's message must cover to count as reporting it
HEADLINE_COVER = 0.5  # a headline counts as a claim when this share of it lies in a claimed message
PATH_LIKE = re.compile(r"(/|\\|\.(txt|html?|jsonl?|ndjson)\b|:\d+$|\[\d+\]$)")
ARTICLES = {"the", "der", "die", "das", "des", "dem", "den"}


@dataclass
class Found:
    """Where a gold snippet landed: KB document, attribution (local id) and claim, or why not."""
    doc_kb: int | None = None
    att: str | None = None
    claim: int | None = None
    origin: str | None = None
    why_missing: str = ""


@dataclass
class StoryResult:
    slug: str
    reports: list = field(default_factory=list)   # (claim key, language, Found, gold report)
    claims: list = field(default_factory=list)    # (claim key, gold claim, predicted claim id, predicted status)
    denials: list = field(default_factory=list)   # (claim key, Found, linked)
    headlines: list = field(default_factory=list)  # (snippet, became claim)
    docs: list = field(default_factory=list)      # (gold doc, stored outlet, stored language)


def norm_name(name: str | None) -> str:
    """Case-, accent- and article-insensitive form of an outlet/actor name ("Der Spiegel" -> "spiegel")."""
    from quellenlage.kb.names import ascii_norm
    words = ascii_norm(name or "").split()
    while len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


def same_actor(predicted: str | None, gold: str, story: sg.Story) -> bool:
    """Lenient: the predicted name is the gold actor's name, one of its surface names, or matches it by the KB's
    own name matcher (acronyms, transliterations, genitive)."""
    from quellenlage.kb.names import compare
    if not predicted:
        return False
    actor = next((a for a in story.gold.get("actors", []) if a["name"] == gold), {"name": gold, "type": "organisation"})
    names = {norm_name(n) for n in [actor["name"], *actor.get("names", []), *actor.get("descriptions", [])]}
    if norm_name(predicted) in names:
        return True
    kind = "person" if actor.get("type") == "person" else "organisation"
    return any(compare(predicted, n, kind).match for n in [actor["name"], *actor.get("names", [])])


def is_path(origin: str | None, paths: set[str]) -> bool:
    return bool(origin) and (origin in paths or bool(PATH_LIKE.search(origin)))


def ingest(stories: list[sg.Story], db: str) -> tuple[float, str, int]:
    """Run the CLI ingest over every story's reports/ folder; returns (seconds, stderr tail, exit status)."""
    cmd = [sys.executable, "-m", "quellenlage", "ingest", *[str(s.reports_dir) for s in stories], "--db", db,
           "--no-progress"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    return time.perf_counter() - t0, proc.stderr.strip()[-2000:], proc.returncode


def message_spans(att: dict) -> list[tuple[int, int]]:
    return [(s["start"], s["end"]) for s in att.get("message") or []]


def covering(atts: list[dict], span: tuple[int, int], share: float) -> list[dict]:
    """Attributions whose message spans cover at least `share` of the characters of span, innermost first."""
    n = span[1] - span[0]
    out = []
    for a in atts:
        inside = sum(max(0, min(e, span[1]) - max(s, span[0])) for s, e in message_spans(a))
        if n and inside / n >= share:
            out.append(a)
    return sorted(out, key=lambda a: sum(e - s for s, e in message_spans(a)))


class KBView:
    """What the knowledge base holds for the story documents, read through the public query API."""

    def __init__(self, db: str):
        from quellenlage.kb.store import KnowledgeBase
        self.kb = KnowledgeBase(db)
        self.docs = {d["revision_id"]: d for d in self.kb.documents(limit=100_000)}
        self.analyses: dict[int, dict] = {}
        self.claim_of: dict[tuple[int, str], tuple[int, str | None]] = {}
        self.status: dict[int, str] = {}
        self.origins: dict[int, list[str]] = {}
        for c in self.kb.claims(limit=1_000_000, reports_per_claim=100_000):
            self.status[c["id"]], self.origins[c["id"]] = c["status"], c["origins"]
            for r in c["reports"]:
                self.claim_of[(r["document_id"], r["attribution_id"])] = (c["id"], r.get("origin"))
        self.paths = {d["source_path"] for d in self.docs.values() if d.get("source_path")}

    def analysis(self, doc_id: int) -> dict:
        if doc_id not in self.analyses:
            self.analyses[doc_id] = (self.kb.document(doc_id) or {}).get("analysis") or {}
        return self.analyses[doc_id]

    def locate(self, story: sg.Story, doc: str, snippet: str, share: float = COVER) -> Found:
        from quellenlage.model import content_id
        art = story.articles.get(doc)
        row = self.docs.get(content_id(art.text)) if art else None
        if row is None:
            return Found(why_missing="document not stored")
        span = sg.span_of(story, doc, snippet)
        atts = covering(self.analysis(row["id"]).get("attributions", []), span, share)
        if not atts:
            return Found(row["id"], why_missing="no attribution's message covers it")
        with_claim = [a for a in atts if (row["id"], a["id"]) in self.claim_of]
        a = (with_claim or atts)[0]
        claim, origin = self.claim_of.get((row["id"], a["id"]), (None, None))
        return Found(row["id"], a["id"], claim, origin, "" if claim else "attribution has no claim")


def evaluate_story(view: KBView, story: sg.Story) -> StoryResult:
    from quellenlage.model import content_id
    res = StoryResult(story.slug)
    lang = {d["id"]: d["language"] for d in story.gold["documents"]}
    for c in story.gold["claims"]:
        key = f"{story.slug}/{c['id']}"
        founds = []
        for r in c["reports"]:
            f = view.locate(story, r["doc"], r["snippet"])
            founds.append(f)
            res.reports.append((key, lang[r["doc"]], f, r))
        votes = Counter(f.claim for f in founds if f.claim is not None)
        pred = votes.most_common(1)[0][0] if votes else None
        res.claims.append((key, c, pred, view.status.get(pred) if pred else None))
        for d in c.get("denials", []):
            f = view.locate(story, d["doc"], d["snippet"])
            res.denials.append((key, f, pred is not None and f.claim == pred))
    for h in story.gold.get("not_claims", []):
        f = view.locate(story, h["doc"], h["snippet"], HEADLINE_COVER)
        res.headlines.append((h["snippet"], f.claim is not None))
    for d in story.gold["documents"]:
        art = story.articles.get(d["id"])
        row = view.docs.get(content_id(art.text)) if art else None
        stored_lang = (view.analysis(row["id"]).get("document") or {}).get("language") if row else None
        res.docs.append((d, row.get("outlet") if row else "<not stored>", stored_lang))
    return res


def pair_counts(reports: list) -> dict[str, int]:
    """Pairwise tp/fp/fn over gold reports; an unplaced report is a singleton. Also German/English pairs."""
    c = Counter()
    for (k1, l1, f1, _), (k2, l2, f2, _) in itertools.combinations(reports, 2):
        gold = k1 == k2
        pred = f1.claim is not None and f1.claim == f2.claim
        c["tp" if gold and pred else "fp" if pred else "fn" if gold else "tn"] += 1
        if gold and l1 != l2:
            c["xl_pairs"] += 1
            c["xl_tp"] += int(pred)
    return c


def pr(c: dict) -> tuple[float, float]:
    return c["tp"] / max(c["tp"] + c["fp"], 1), c["tp"] / max(c["tp"] + c["fn"], 1)


def origin_figures(results: list[StoryResult], stories: dict, paths: set[str]) -> Counter:
    c = Counter()
    for res in results:
        for _, _, f, r in res.reports:
            if f.claim is None:
                continue
            c["with_claim"] += 1
            if is_path(f.origin, paths):
                c["path"] += 1
            elif not (f.origin or "").strip() or norm_name(f.origin) in ("unknown", "none"):
                c["unknown"] += 1
            elif same_actor(f.origin, r["origin"], stories[res.slug]):
                c["agree"] += 1
    return c


def outlet_figures(results: list[StoryResult], paths: set[str]) -> Counter:
    c = Counter()
    for res in results:
        for d, stored, lang in res.docs:
            c["docs"] += 1
            c["lang_ok"] += int(lang == d["language"])
            if is_path(stored, paths):
                c["path"] += 1
            if d["outlet"] is None:
                c["gold_unknown"] += 1
                c["unknown_ok"] += int(not stored)
            else:
                c["gold_known"] += 1
                c["known_given"] += int(bool(stored) and not is_path(stored, paths))
                c["exact"] += int(norm_name(stored) == norm_name(d["outlet"]))
    return c


def print_story(res: StoryResult) -> None:
    c = pair_counts(res.reports)
    p, r = pr(c)
    found = sum(f.att is not None for _, _, f, _ in res.reports)
    print(f"\n[{res.slug}] reports found {found}/{len(res.reports)}; grouping P {p:.2f} R {r:.2f} "
          f"(tp {c['tp']} fp {c['fp']} fn {c['fn']})")
    for key, gc, pred, status in res.claims:
        mark = "ok" if status == gc["status"] else "XX"
        print(f"  {mark} {key.split('/')[-1]:4} gold {gc['status']:13} predicted {status or '-':13} claim {pred}  "
              f"{gc['proposition'][:70]}")
    for key, _, f, r in res.reports:
        print(f"     {key.split('/')[-1]:4} {r['doc'][:28]:28} claim {str(f.claim):5} origin {str(f.origin)[:30]:30} "
              f"gold {r['origin'][:24]:24} {f.why_missing}")
    for key, f, linked in res.denials:
        print(f"     denial of {key.split('/')[-1]}: {'linked' if linked else 'not linked'} "
              f"(claim {f.claim}{'; ' + f.why_missing if f.why_missing else ''})")
    for d, stored, lang in res.docs:
        print(f"     doc {d['id'][:32]:32} outlet {str(stored)[:28]:28} gold {str(d['outlet'])[:28]:28} "
              f"lang {lang}/{d['language']}")


def run_stories(args) -> None:
    stories = sg.load_stories()
    if args.story:
        stories = [s for s in stories if s.slug in args.story]
    n_docs = sum(len(s.gold["documents"]) for s in stories)
    n_claims = sum(len(s.gold["claims"]) for s in stories)
    n_reports = sum(len(c["reports"]) for s in stories for c in s.gold["claims"])
    print(f"gold: {len(stories)} stories, {n_docs} documents, {n_claims} claims, {n_reports} reports "
          f"(statuses {dict(Counter(c['status'] for s in stories for c in s.gold['claims']))})")
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(args.keep or tmp) / "stories.sqlite")
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            Path(db).unlink(missing_ok=True)
        t0 = time.perf_counter()
        seconds, tail, rc = ingest(stories, db)
        summary = next((x for x in reversed(tail.splitlines()) if x.startswith("stored ")), "")
        print(f"ingest through the CLI: {seconds:.1f}s, exit status {rc}; {summary.split(' (run ')[0]}")
        view = KBView(db)
        fails = view.kb.failures()
        if fails:
            print(f"  ingest failures ({len(fails)}): " + "; ".join(
                f"{Path(f['source_path']).parent.parent.name}/{Path(f['source_path']).name}: {f['error'][:60]}"
                for f in fails[:6]) + (" …" if len(fails) > 6 else ""))
        results = [evaluate_story(view, s) for s in stories]
        report(results, {s.slug: s for s in stories}, view)
        if args.verbose:
            for res in results:
                print_story(res)
        view.kb.close()
        print(f"\ntime: ingest {seconds:.1f}s, scoring {time.perf_counter() - t0 - seconds:.1f}s")


def report(results: list[StoryResult], stories: dict, view: KBView) -> None:
    reports = [x for res in results for x in res.reports]
    found = sum(f.att is not None for _, _, f, _ in reports)
    claimed = sum(f.claim is not None for _, _, f, _ in reports)
    print(f"attribution recall: {found}/{len(reports)} gold reports found as an attribution's message "
          f"({found / max(len(reports), 1):.2f}); {claimed} of them in a claim")
    c = pair_counts(reports)
    p, r = pr(c)
    print(f"claim grouping (pairs of gold reports, all stories): precision {p:.2f} recall {r:.2f} "
          f"(tp {c['tp']}, fp {c['fp']}, fn {c['fn']}; {c['tp'] + c['fn']} same-claim pairs); "
          f"German/English same-claim pairs grouped {c['xl_tp']}/{c['xl_pairs']}")
    claims = [x for res in results for x in res.claims]
    ok = sum(status == gc["status"] for _, gc, _, status in claims)
    conf = Counter((gc["status"], status or "no claim") for _, gc, _, status in claims)
    print(f"status accuracy: {ok}/{len(claims)} = {ok / max(len(claims), 1):.2f}  (gold -> predicted: " +
          ", ".join(f"{g}->{p} {n}" for (g, p), n in sorted(conf.items())) + ")")
    o = origin_figures(results, stories, view.paths)
    print(f"origins of the {o['with_claim']} found reports: {o['path']} paths, {o['unknown']} unknown although "
          f"known, {o['agree']} agree with the gold origin (lenient name match)")
    den = [x for res in results for x in res.denials]
    print(f"denials: {sum(f.att is not None for _, f, _ in den)}/{len(den)} found as attributions, "
          f"{sum(linked for *_, linked in den)}/{len(den)} linked to the claim they deny")
    heads = [x for res in results for x in res.headlines]
    print(f"headlines restating the lead that became claim reports: {sum(b for _, b in heads)}/{len(heads)}")
    od = outlet_figures(results, view.paths)
    print(f"documents ({od['docs']}): outlet same name as gold {od['exact']}/{od['gold_known']}, some non-path "
          f"outlet where gold knows one {od['known_given']}/{od['gold_known']}, unknown where gold has none "
          f"{od['unknown_ok']}/{od['gold_unknown']}, paths as outlet {od['path']}; language right "
          f"{od['lang_ok']}/{od['docs']}")


# --------------------------------------------------------------------------- the older message-pair check
SAME = [
    ("den Krieg in der Ukraine zu beenden", "die Kampfhandlungen in der Ukraine einzustellen"),
    ("den Krieg in der Ukraine zu beenden", "ending the war in Ukraine"),
    ("ein Ende der Kämpfe in der Ukraine angeregt haben", "proposed to stop the fighting in Ukraine"),
    ("die Inflation in Russland sei unter Kontrolle", "inflation in Russia is under control"),
    ("die Regierung werde die Steuern nicht erhöhen", "es werde keine Steuererhöhungen geben"),
    ("der Konzern streiche 3000 Stellen", "the company will cut 3,000 jobs"),
    ("das Werk in Zwickau werde Ende des Jahres geschlossen", "die Fabrik in Zwickau schließe zum Jahresende"),
    ("die Zentralbank werde die Zinsen anheben", "the central bank will raise interest rates"),
    ("der Minister sei zurückgetreten", "der Minister habe sein Amt niedergelegt"),
    ("die Wahl sei manipuliert worden", "the election was rigged"),
    ("Kosak habe eine Waffenruhe vorgeschlagen", "Kosak hat keine Waffenruhe vorgeschlagen"),
    ("der Impfstoff sei sicher", "der Impfstoff sei nicht sicher"),
]
DIFFERENT = [
    ("den Krieg in der Ukraine zu beenden", "die Ukraine müsse Gebiete abtreten"),
    ("den Krieg in der Ukraine zu beenden", "die Inflation in Russland sei unter Kontrolle"),
    ("die Regierung werde die Steuern nicht erhöhen", "die Regierung werde mehr Lehrer einstellen"),
    ("der Konzern streiche 3000 Stellen", "der Konzern verlege seinen Sitz nach München"),
    ("das Werk in Zwickau werde Ende des Jahres geschlossen", "das Werk in Zwickau baue künftig Batterien"),
    ("die Zentralbank werde die Zinsen anheben", "die Zentralbank werde Anleihen kaufen"),
    ("der Minister sei zurückgetreten", "der Minister reise nächste Woche nach Paris"),
    ("die Wahl sei manipuliert worden", "die Wahlbeteiligung sei gestiegen"),
    ("Kosak habe eine Waffenruhe vorgeschlagen", "Kosak habe Reformen der Justiz gefordert"),
    ("der Impfstoff sei sicher", "der Impfstoff werde ab Montag verteilt"),
    ("Putin habe den Vorschlag abgelehnt", "Putin habe den Vorschlag angenommen"),
    ("the company will cut 3,000 jobs", "the company reported record profits"),
]
THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75)


def run_message_pairs() -> None:
    """Encoder only: precision/recall of "cosine >= threshold" on written same/different message pairs
    (negated pairs count as the same claim: they must meet so the claim becomes contested)."""
    import numpy as np

    from quellenlage.kb.claims import LexicalEncoder, USEEncoder

    def sims(encoder, pairs):
        a = encoder.encode([x for x, _ in pairs])
        b = encoder.encode([y for _, y in pairs])
        return np.sum(a * b, axis=1)

    print(f"{len(SAME)} same-claim pairs, {len(DIFFERENT)} different-claim pairs (hard negatives)")
    for enc in (USEEncoder(), LexicalEncoder()):
        s_pos, s_neg = sims(enc, SAME), sims(enc, DIFFERENT)
        print(f"{enc.name} (threshold in use {enc.threshold}): same mean {s_pos.mean():.2f}, "
              f"different mean {s_neg.mean():.2f}")
        for t in THRESHOLDS:
            tp, fp = int((s_pos >= t).sum()), int((s_neg >= t).sum())
            print(f"  threshold {t:.2f}: precision {tp / max(tp + fp, 1):.2f} recall {tp / len(SAME):.2f} "
                  f"(false groupings {fp})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="one block per story: claims, reports, documents")
    ap.add_argument("--story", action="append", help="only this story (folder name); repeatable")
    ap.add_argument("--keep", metavar="DIR", help="keep the knowledge base in DIR/stories.sqlite")
    ap.add_argument("--message-pairs", action="store_true", help="the older encoder-only check on message pairs")
    args = ap.parse_args()
    if args.message_pairs:
        run_message_pairs()
    else:
        run_stories(args)


if __name__ == "__main__":
    main()
