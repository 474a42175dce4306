"""Claim grouping: how well the message encoder separates "same proposition" from "same topic, other proposition".

A small labelled set of message pairs written by us (German/German and German/English; hard negatives share the
topic and the actors but state something else, or negate it). For each threshold the pairwise precision and
recall of "cosine >= threshold" are printed, for the multilingual USE encoder and the lexical fallback.
Negated pairs count as the same claim here: they must meet so that the claim becomes `contested`.

Run: .venv/bin/python bench/kb_claims.py
"""
from __future__ import annotations

import numpy as np

from quellenlage.kb.claims import LexicalEncoder, USEEncoder

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


def sims(encoder, pairs) -> np.ndarray:
    a = encoder.encode([x for x, _ in pairs])
    b = encoder.encode([y for _, y in pairs])
    return np.sum(a * b, axis=1)


def main() -> None:
    print(f"{len(SAME)} same-claim pairs, {len(DIFFERENT)} different-claim pairs (hard negatives)")
    for enc in (USEEncoder(), LexicalEncoder()):
        s_pos, s_neg = sims(enc, SAME), sims(enc, DIFFERENT)
        print(f"{enc.name} (threshold in use {enc.threshold}): same mean {s_pos.mean():.2f}, "
              f"different mean {s_neg.mean():.2f}")
        for t in THRESHOLDS:
            tp, fp = int((s_pos >= t).sum()), int((s_neg >= t).sum())
            p = tp / max(tp + fp, 1)
            r = tp / len(SAME)
            print(f"  threshold {t:.2f}: precision {p:.2f} recall {r:.2f} (false groupings {fp})")


if __name__ == "__main__":
    main()
