"""Tokenizer exceptions that spaCy's German defaults lack.

A Roman numeral with its period is one token in German news and in the treebanks we train on ("Benedikt XVI.",
"Heinrich VIII.", "der XX. Parteitag"): the period marks an ordinal. spaCy keeps single letters ("Karl V.")
together but splits "XVI" from its period, so the NER never saw the name's last token and stopped before it.
A sentence that ends on such a numeral ("... unter Ludwig XIV. Danach ...") is no longer split there; with
regnal numbers far more often inside a sentence than at its end, that is the better trade.
"""
from __future__ import annotations

from spacy.attrs import ORTH
from spacy.tokenizer import Tokenizer

ROMAN_DIGITS = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
HIGHEST_NUMERAL = 39


def roman(n: int) -> str:
    out = ""
    for value, digits in ROMAN_DIGITS:
        while n >= value:
            out += digits
            n -= value
    return out


def add_special_cases(tokenizer: Tokenizer) -> None:
    """Keep "II." to "XXXIX." whole (single letters already are)."""
    for n in range(2, HIGHEST_NUMERAL + 1):
        numeral = roman(n) + "."
        if len(numeral) > 2:
            tokenizer.add_special_case(numeral, [{ORTH: numeral}])
