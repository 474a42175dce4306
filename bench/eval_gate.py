"""Quality gate: score the bundled model on our held-out sets and compare with the floors in bench/baseline.json.

Fails (exit 1) when a figure falls below its floor, or when the held-out data changed (corpus hash) so the
floors no longer apply. Raising a floor is a deliberate edit of baseline.json; lowering one needs
--allow-regression and says so. Runs after the tests in scripts/test.sh.

usage: python bench/eval_gate.py [--shared ../shared/data] [--update] [--allow-regression]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "bench" / "baseline.json"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "training"))


def corpus_hash(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def measure(shared: Path) -> tuple[dict[str, float], str]:
    """Held-out figures: SpkAtt full/simplified joint F1 and NER strict F1."""
    from quellenlage.nlp.pipeline import load_pipeline
    from spkatt_eval import prf, score

    split_file = ROOT / "training/corpus/spkatt-split.json"
    if not split_file.exists():
        subprocess.run([sys.executable, str(ROOT / "training/prepare.py"), "--shared", str(shared), "--only",
                        "spkatt"], check=True, cwd=ROOT)
    files = json.loads(split_file.read_text())["heldout"]
    nlp = load_pipeline()
    figures = {}
    for task, simplified in (("spkatt_full_joint_f1", False), ("spkatt_simplified_joint_f1", True)):
        counts, _ = score(files, nlp, simplified)
        pooled = [sum(c[n] for k, c in counts.items() if k != "Form") for n in range(3)]
        figures[task] = round(prf(*pooled)[2], 4)
    out = subprocess.run([sys.executable, str(ROOT / "bench/ner_eval.py"), "--shared", str(shared)],
                         check=True, capture_output=True, text=True).stdout
    figures["ner_strict_f1"] = float(out.strip().splitlines()[-1].split("F1=")[1].split()[0])
    inputs = [Path(f) for f in files] + [shared / "germeval2014" / "NER-de-dev.tsv",
                                          shared / "germeval2014" / "NER-de-test-part1.tsv"]
    return figures, corpus_hash(inputs)


# floating-point results differ a little between CPUs; CI must not fail on that
MARGIN = 0.005


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--update", action="store_true",
                    help=f"raise the floors to the measured figures minus {MARGIN} (CPUs differ in rounding)")
    ap.add_argument("--allow-regression", action="store_true", help="with --update: also lower floors")
    a = ap.parse_args()
    figures, digest = measure(Path(a.shared))
    base = json.loads(BASELINE.read_text()) if BASELINE.exists() else {"floors": {}, "corpus_hash": digest}
    failed = base.get("corpus_hash") != digest
    if failed:
        print(f"held-out data changed (hash {digest}, baseline {base.get('corpus_hash')}): floors do not apply")
    for name, value in figures.items():
        floor = base["floors"].get(name)
        ok = floor is None or value >= floor
        failed |= not ok
        print(f"{name:28s} {value:.4f}  floor {floor if floor is not None else '-'}  {'ok' if ok else 'BELOW FLOOR'}")
        if a.update and (floor is None or value - MARGIN > floor or a.allow_regression):
            base["floors"][name] = round(value - MARGIN, 4)
    if a.update:
        base["corpus_hash"] = digest
        BASELINE.write_text(json.dumps(base, indent=2) + "\n")
        print(f"floors written to {BASELINE}")
        return 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
