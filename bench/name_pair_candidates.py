"""Candidate name pairs for the actor-merging label set (bench/data/name_pairs.tsv), mined from real texts.

Step 1 of the method in bench/data/README.md (step 2, the labels, is done by a person reading the contexts):
the bundled pipeline's NER runs over German news and parliament texts in ../shared/data (10kGNAD test, Wikinews
unlabelled, SpkAtt news and parliament training files); English names come from GUM's gold entity annotations and
from capitalised word sequences in PolNeAR's texts. Every PER/ORG/LOC name is kept with the documents it occurs in
and a few sentences of context. Candidate pairs are then generated the way a matcher could be fooled or must
succeed: same surname (with the same, other or no first name), first-name initials, inflected forms, acronyms
and their expansions ("Long Name (ACR)" in one text), an organisation and a regional branch, outlet name
variants, the same name as a place and an organisation, and spellings across German and English texts
(transliteration skeletons and exonyms).

Writes, outside the repository (the contexts are corpus text): DIR/mentions.jsonl and DIR/candidates.txt.
Run: .venv/bin/python bench/name_pair_candidates.py --out DIR [--limit N]
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kb_corpus import SHARED, tokenised_doc  # noqa: E402

from quellenlage.kb import names as nm  # noqa: E402

LABELS = {"PER": "person", "ORG": "organisation", "LOC": "place"}
OUTLET_WORDS = {"spiegel", "standard", "presse", "kurier", "krone", "kronen", "zeitung", "times", "post", "apa",
                "dpa", "reuters", "afp", "orf", "zdf", "ard", "bbc", "cnn", "bild", "welt", "faz", "taz", "zeit",
                "news", "profil", "falter", "tagesschau", "guardian", "journal", "agentur", "ap", "sid", "heute",
                "rundschau", "tagesspiegel", "focus", "stern", "handelsblatt", "fox", "nbc", "abc", "cbs"}
EXONYMS = [("Moskau", "Moscow"), ("Kiew", "Kiev"), ("Kiew", "Kyiv"), ("Peking", "Beijing"), ("Warschau", "Warsaw"),
           ("Rom", "Rome"), ("Wien", "Vienna"), ("München", "Munich"), ("Köln", "Cologne"), ("Mailand", "Milan"),
           ("Venedig", "Venice"), ("Prag", "Prague"), ("Brüssel", "Brussels"), ("Genf", "Geneva"),
           ("Kairo", "Cairo"), ("Teheran", "Tehran"), ("Türkei", "Turkey"), ("Syrien", "Syria"),
           ("Russland", "Russia"), ("Weißrussland", "Belarus"), ("Georgien", "Georgia"), ("Jordanien", "Jordan"),
           ("Kreml", "Kremlin"), ("Weißes Haus", "White House"), ("Vereinte Nationen", "United Nations"),
           ("Europäische Union", "European Union"), ("Vereinigte Staaten", "United States"),
           ("Nordkorea", "North Korea"), ("Mexiko", "Mexico"), ("Kuba", "Cuba"), ("Irak", "Iraq"),
           ("Saudi-Arabien", "Saudi Arabia"), ("Frankreich", "France"), ("Großbritannien", "Britain"),
           ("Griechenland", "Greece"), ("Ägypten", "Egypt"), ("Libyen", "Libya"), ("Afghanistan", "Afghanistan"),
           ("Pentagon", "Pentagon"), ("Bundesnachrichtendienst", "BND"), ("Lissabon", "Lisbon"),
           ("Den Haag", "The Hague"), ("Kopenhagen", "Copenhagen"), ("Athen", "Athens"), ("Neu-Delhi", "New Delhi")]
CAPS_SEQ = re.compile(r"\b[A-Z][A-Za-z'’.-]+(?:\s+(?:of|de|al|bin|von|van|the|[A-Z][A-Za-z'’.-]+)){0,3}")


def german_docs(limit: int | None):
    """(doc id, text) of the German corpora, in a fixed order."""
    csv.field_size_limit(sys.maxsize)
    with open(SHARED / "news-text" / "10kgnad-test.csv", encoding="utf-8") as f:
        for i, row in enumerate(csv.reader(f, delimiter=";", quotechar="'")):
            if len(row) >= 2 and row[1].strip():
                yield f"10kgnad:{i:04d}", row[1]
    for folder, tag in ((SHARED / "news-text" / "wikinews-unlabelled", "wikinews"),
                        (SHARED / "spkatt-news" / "train", "spkatt-news"),
                        (SHARED / "spkatt-parliament" / "train", "spkatt-parl")):
        for p in sorted(folder.glob("*.json")):
            _, text = tokenised_doc(p) if tag != "spkatt-parl" else (None, _parl_text(p))
            yield f"{tag}:{p.stem.split(' - ')[0].strip()[:60]}", text


def _parl_text(p: Path) -> str:
    from kb_corpus import detokenize
    d = json.loads(p.read_text(encoding="utf-8"))
    return "\n".join(detokenize(s["Tokens"]) for s in d["Sentences"])


def gum_entities():
    """(doc id, name, type, sentence) for GUM's gold person/place/organization spans that look like names."""
    kinds = {"person": "person", "place": "place", "organization": "organisation"}
    for p in sorted((SHARED / "english" / "gum" / "dep").glob("*.conllu")):
        doc = f"gum:{p.stem}"
        open_spans: dict[str, tuple[str, list[str]]] = {}
        sent: list[str] = []
        for line in p.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                if not line:
                    sent = []
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            form, misc = cols[1], cols[9]
            sent.append(form)
            ent = next((x[len("Entity="):] for x in misc.split("|") if x.startswith("Entity=")), "")
            for m in re.finditer(r"\((\d+)-([a-z]+)[^()]*?(\))?(?=\(|$|\d)", ent):
                open_spans[m.group(1)] = (m.group(2), [])
            for toks in open_spans.values():
                toks[1].append(form)
            for sid in re.findall(r"(\d+)\)", ent) + [m.group(1) for m in re.finditer(r"\((\d+)-[^()]*\)", ent)]:
                if sid in open_spans:
                    kind, toks = open_spans.pop(sid)
                    name = " ".join(toks)
                    if kind in kinds and _name_like(toks):
                        yield doc, name, kinds[kind], " ".join(sent)


def _name_like(toks: list[str]) -> bool:
    toks = [t for t in toks if t.lower() not in ("the", "of", "de", "al", "von", "van", "'s", "and")]
    return bool(toks) and len(toks) <= 5 and all(t[:1].isupper() for t in toks)


def polnear_sequences():
    """(doc id, capitalised word sequence, sentence) in PolNeAR's texts (train and dev)."""
    for split in ("train", "dev"):
        for p in sorted((SHARED / "english" / "polnear" / split / "text").glob("*.txt")):
            text = p.read_text(encoding="utf-8", errors="replace")
            for sent in re.split(r"(?<=[.!?])\s+", text):
                for m in CAPS_SEQ.finditer(sent):
                    name = m.group(0).rstrip(".")
                    if m.start() > 0 and len(name) > 2:  # not the sentence-initial word alone
                        yield f"polnear:{p.stem[:48]}", name, sent[:300]


def collect(limit: int | None) -> dict:
    """name -> {types: {type: n}, docs: {doc: n}, ctx: [(doc, sentence)], lang}."""
    from quellenlage.nlp.pipeline import load_pipeline
    nlp = load_pipeline()
    keep = {"quellenlage_sentences", "morphologizer", "ner", "quellenlage_entity_memory"}
    disabled = [n for n in nlp.pipe_names if n not in keep]
    mentions: dict = defaultdict(lambda: {"types": defaultdict(int), "docs": defaultdict(int), "ctx": [],
                                          "lang": "de"})
    docs = list(german_docs(limit))
    if limit:
        step = max(1, len(docs) // limit)
        docs = docs[::step][:limit]
    texts = [t[:20000] for _, t in docs]
    with nlp.select_pipes(disable=disabled):
        for (doc_id, _), doc in zip(docs, nlp.pipe(texts, batch_size=16)):
            for ent in doc.ents:
                if ent.label_ not in LABELS:
                    continue
                m = mentions[ent.text.strip()]
                m["types"][LABELS[ent.label_]] += 1
                m["docs"][doc_id] += 1
                if len(m["ctx"]) < 6 and not any(d == doc_id for d, _ in m["ctx"]):
                    m["ctx"].append((doc_id, ent.sent.text.strip()[:300]))
    for doc_id, name, kind, sent in itertools.chain(gum_entities(), ((d, n, "?", s) for d, n, s in polnear_sequences())):
        m = mentions[f"{name}\u2009[en]"]
        m["lang"] = "en"
        m["name"] = name
        m["types"][kind] += 1
        m["docs"][doc_id] += 1
        if len(m["ctx"]) < 6 and not any(d == doc_id for d, _ in m["ctx"]):
            m["ctx"].append((doc_id, sent))
    return mentions


def main_type(m: dict) -> str:
    return max(m["types"].items(), key=lambda kv: kv[1])[0] if m["types"] else "?"


def candidates(mentions: dict, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(kind, key a, key b, hint) pairs; keys are mention keys (English ones carry a thin-space suffix)."""
    de = {k: m for k, m in mentions.items() if m["lang"] == "de" and sum(m["docs"].values()) >= 1}
    en = {k: m for k, m in mentions.items() if m["lang"] == "en"}
    out = []
    # persons by surname: full names with other first names, a bare surname, an initial
    by_surname = defaultdict(list)
    for k, m in de.items():
        if main_type(m) == "person" and 1 <= len(k.split()) <= 4:
            last = nm.tokens(k)[-1] if nm.tokens(k) else ""
            by_surname[nm.degenitive(last) or last].append(k)
            if nm.degenitive(last):
                by_surname[last].append(k)
    for sur, ks in by_surname.items():
        ks = sorted(set(ks), key=lambda x: -sum(de[x]["docs"].values()))[:8]
        for a, b in itertools.combinations(ks, 2):
            if a.split()[:-1] != b.split()[:-1] or a != b:
                out.append(("surname", a, b, ""))
    # organisations/places: inflected forms, regional branches, acronyms
    orgs = [k for k, m in de.items() if main_type(m) in ("organisation", "place")]
    norm = defaultdict(list)
    for k in orgs:
        norm[" ".join(nm.degenitive(t) or t for t in nm.org_tokens(k))].append(k)
        stem = " ".join(re.sub(r"(en|er|es|e|n|s)$", "", t) for t in nm.org_tokens(k))
        norm["~" + stem].append(k)
    for ks in norm.values():
        for a, b in itertools.combinations(sorted(set(ks))[:6], 2):
            out.append(("inflection", a, b, ""))
    org_set = set(orgs)
    for k in orgs:
        words = k.split()
        for i in range(1, len(words)):
            head = " ".join(words[:i])
            if head in org_set:
                out.append(("branch", head, k, ""))
    acr = [k for k in orgs if nm.is_acronym(k)]
    long_by_initials = defaultdict(list)
    for k in orgs:
        toks = [t for t in re.split(r"[\s-]+", k) if t and t[0].isupper()]
        if len(toks) >= 2:
            long_by_initials["".join(t[0] for t in toks).lower()].append(k)
    for a in acr:
        for b in long_by_initials.get(a.lower().replace(".", ""), [])[:4]:
            out.append(("acronym", a, b, ""))
    # "Long Name (ACR)" in one text: sure expansions, and their acronym's other readings
    for k, m in list(de.items()):
        for doc, sent in m["ctx"]:
            for mm in re.finditer(r"([A-ZÄÖÜ][\w-]+(?:\s+[\w-]+){0,5})\s+\(([A-ZÄÖÜ]{2,6})\)", sent):
                if mm.group(2) in mentions and mm.group(1) != mm.group(2):
                    long = mentions[mm.group(1)]  # the written-out form need not be an NER mention
                    if not long["types"]:
                        long["types"]["organisation"] += 1
                        long["docs"][doc] += 1
                        long["ctx"].append((doc, sent))
                    out.append(("acronym-in-text", mm.group(2), mm.group(1), "expansion in text"))
    # outlets
    outl = [k for k in de if set(nm.tokens(k)) & OUTLET_WORDS]
    by_word = defaultdict(list)
    for k in outl:
        for t in set(nm.tokens(k)) & OUTLET_WORDS:
            by_word[t].append(k)
    for ks in by_word.values():
        for a, b in itertools.combinations(sorted(set(ks))[:8], 2):
            out.append(("outlet", a, b, ""))
    # one name, several types (place vs organisation) across documents
    for k, m in de.items():
        if len(m["types"]) > 1 and sum(m["docs"].values()) >= 3:
            out.append(("type-clash", k, k, json.dumps(dict(m["types"]))))
    # German vs English spellings: transliteration skeletons and exonyms
    en_by_skel = defaultdict(list)
    for k, m in en.items():
        toks = nm.tokens(m["name"])
        if toks:
            en_by_skel[nm.skeleton(toks[-1])].append(k)
    for k, m in de.items():
        toks = nm.tokens(k)
        if not toks or main_type(m) == "organisation" and len(toks) > 2:
            continue
        for e in en_by_skel.get(nm.skeleton(toks[-1]), [])[:3]:
            if nm.ascii_norm(en[e]["name"]) != nm.ascii_norm(k) and sum(m["docs"].values()) >= 2:
                out.append(("translit", k, e, ""))
    for g, e in EXONYMS:
        ek = f"{e}\u2009[en]"
        if g in de and ek in en:
            out.append(("exonym", g, ek, ""))
    seen, uniq = set(), []
    for kind, a, b, hint in out:
        if a not in mentions or b not in mentions:
            continue
        key = frozenset((a, b)) if a != b else (a,)
        if key not in seen:
            seen.add(key)
            uniq.append((kind, a, b, hint))
    rng.shuffle(uniq)
    return uniq


def write(out_dir: Path, mentions: dict, cands: list) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "mentions.jsonl", "w", encoding="utf-8") as f:
        for k, m in mentions.items():
            f.write(json.dumps({"key": k, **{x: (dict(y) if isinstance(y, defaultdict) else y) for x, y in m.items()}},
                               ensure_ascii=False) + "\n")
    with open(out_dir / "candidates.txt", "w", encoding="utf-8") as f:
        for i, (kind, a, b, hint) in enumerate(cands):
            ma, mb = mentions[a], mentions[b]
            f.write(f"### {i}\t{kind}\t{a}\t{b}\t{main_type(ma)}/{main_type(mb)}\t{hint}\n")
            for tag, m in (("A", ma), ("B", mb)):
                docs = sorted(m["docs"], key=lambda d: -m["docs"][d])[:5]
                f.write(f"  {tag} docs: {', '.join(docs)}  (in {len(m['docs'])} docs)\n")
                for d, s in m["ctx"][:3]:
                    f.write(f"  {tag} {d}: {s}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="folder for mentions.jsonl and candidates.txt")
    ap.add_argument("--limit", type=int, default=None, help="German documents to run the NER on (default all)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    mentions = collect(args.limit)
    cands = candidates(mentions, random.Random(args.seed))
    write(args.out, mentions, cands)
    kinds = defaultdict(int)
    for c in cands:
        kinds[c[0]] += 1
    print(f"{len(mentions)} names, {len(cands)} candidate pairs: {dict(kinds)} -> {args.out}")


if __name__ == "__main__":
    main()
