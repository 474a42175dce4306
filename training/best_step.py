"""Print the step with the best dev entity F1 (column ENTS_F) in a `spacy train` console log.

train.sh trains the NER once with early stopping on dev, then retrains on train + dev for this many steps.

usage: python training/best_step.py LOG
"""
from __future__ import annotations

import sys


def best_step(lines) -> int:
    best, step, column = -1.0, 0, None
    for line in lines:
        cols = line.split()
        if "ENTS_F" in cols:
            column = cols.index("ENTS_F") - len(cols)  # from the right: the header's "#" and "E" are one column each
        elif column is not None and len(cols) >= 3 and cols[0].isdigit() and cols[1].isdigit():
            score = float(cols[column])
            if score > best:
                best, step = score, int(cols[1])
    if best < 0:
        raise SystemExit("no training rows in the log")
    return step


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        print(best_step(f))
