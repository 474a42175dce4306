"""Konjunktiv I repair for reported speech: forms the morphologizer trained on little data gets wrong.

A third-person singular finite verb ending in -e ("habe", "sei", "gebe", "könne") cannot be indicative in
present-day German (indicative: "hat", "ist", "gibt", "kann"), so it is Mood=Sub. Only applied where the
held-out benchmark (bench/mood_eval.py) shows the rule helps.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from quellenlage.lang import language_pack

# Word sets of the language pack (lang/de/words/konjunktiv_*.txt, clause_breaks.txt)
_DE = language_pack("de")
KONJUNKTIV_I = _DE.words("konjunktiv_i")
KONJUNKTIV_II = _DE.words("konjunktiv_ii")
ANY_POS = _DE.words("konjunktiv_any_pos")
# Where the subject is "ich", these -e forms are first-person indicative ("ich habe", "ich biete").
CLAUSE_BREAKS = _DE.words("clause_breaks")


def third_singular_present_in_e(tok) -> bool:
    """"unterhalte", "erfolge": 3rd person singular present indicative ends in -t, so -e is Konjunktiv I."""
    m = tok.morph
    return (tok.pos_ in ("VERB", "AUX") and tok.lower_.endswith("e") and m.get("Person") == ["3"]
            and m.get("Number") == ["Sing"] and m.get("Tense") == ["Pres"] and m.get("VerbForm") == ["Fin"])


def fix_mood(doc: Doc) -> Doc:
    for tok in doc:
        low = tok.lower_
        if not (low in KONJUNKTIV_I or low in KONJUNKTIV_II or third_singular_present_in_e(tok)):
            continue
        if tok.pos_ not in ("VERB", "AUX") and low not in ANY_POS:
            continue
        if low not in KONJUNKTIV_II and (_first_person(doc, tok.i) or tok.is_sent_start):
            continue  # "ich habe", or a verb-first clause with the "ich" dropped ("Habe mich operieren lassen")
        feats = tok.morph.to_dict()
        feats["Mood"] = "Sub"
        feats["VerbForm"] = "Fin"
        tok.set_morph("|".join(f"{k}={v}" for k, v in sorted(feats.items())))
    return doc


def _first_person(doc: Doc, i: int) -> bool:
    """An "ich" in the same clause: back to the last clause break, or right after the verb."""
    j = i - 1
    while j >= 0 and doc[j].text not in CLAUSE_BREAKS:
        if doc[j].lower_ == "ich":
            return True
        j -= 1
    return i + 1 < len(doc) and doc[i + 1].lower_ == "ich"


@Language.component("quellenlage_mood", requires=["token.pos", "token.morph"], assigns=["token.morph"])
def quellenlage_mood(doc: Doc) -> Doc:
    """Konjunktiv I/II for unambiguous verb forms (see module docstring)."""
    return fix_mood(doc)
