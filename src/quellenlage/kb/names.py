"""Actor names across documents and languages: normalisation, blocking keys and the merge decision.

Transliteration (Козак -> kozak), honorific stripping and the part-by-part similarity come from `rigour`
(the OpenSanctions name-matching library). What is ours: German inflection (genitive "Putins", "Kozaks"),
the rule that different first names never merge, acronyms of organisations ("NYT"), and an explanation
string for every decision.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rigour.names import NamePart, compare_parts, remove_person_prefixes
from rigour.text import ascii_text

PERSON = "person"
ORG_LIKE = ("organisation", "outlet", "group")
# Part similarity (rigour compare_parts score) at which two name parts count as spellings of one name.
# 0.6 admits Kozak/Kosak (0.64) and Dmitrij/Dmitry (0.67); Peter/Petra scores 0.64, which is why first names
# must also agree on their first letter and on gendered endings (see `same_given_name`).
PART_MATCH = 0.6
# Words that come before names in German/English news and are not part of the name.
LEADING_WORDS = {"der", "die", "das", "des", "dem", "den", "the", "la", "le", "el"}
PRONOUNS = {"er", "sie", "es", "ihm", "ihn", "ihr", "ihnen", "sein", "seine", "seiner", "seinem", "seinen",
            "ihre", "ihrer", "ihrem", "ihren", "dieser", "diese", "dieses", "he", "she", "him", "her", "his",
            "they", "them", "their", "it", "its", "man", "wir", "ich", "du"}
NAME_PARTICLES = {"von", "van", "de", "der", "den", "zu", "al", "el", "bin", "da", "di", "du", "la", "le", "ter"}
# Genitive -s is stripped only from words of this length or more ("Putins" -> "Putin", but not "Max").
GENITIVE_MIN = 4


@dataclass(frozen=True)
class Decision:
    """Whether an incoming name joins an existing name, with the evidence."""
    match: bool
    score: float
    method: str
    explanation: str


def ascii_norm(name: str) -> str:
    """Transliterated, lowercased, punctuation-free form; the look-up key for exact matches."""
    s = ascii_text(name or "").lower()
    s = re.sub(r"[^\w\s]", " ", s)
    return " ".join(s.split())


def tokens(name: str) -> list[str]:
    toks = ascii_norm(name).split()
    while len(toks) > 1 and toks[0] in LEADING_WORDS:
        toks = toks[1:]
    return toks


def degenitive(word: str) -> str | None:
    """German genitive of a name: "putins" -> "putin", "kozaks" -> "kozak"; None if not plausible."""
    if len(word) >= GENITIVE_MIN and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return None


def skeleton(word: str) -> str:
    """Consonant skeleton for blocking only (never for the decision): kozak/kosak -> ksk, kiriyenko/kirijenko -> krnk."""
    w = ascii_norm(word).replace(" ", "")
    for a, b in (("sch", "s"), ("ch", "k"), ("ck", "k"), ("ph", "f"), ("tz", "s"), ("dt", "t"), ("x", "ks"),
                 ("c", "k"), ("z", "s"), ("w", "v"), ("y", "i"), ("j", "i"), ("q", "k"), ("h", "")):
        w = w.replace(a, b)
    if not w:
        return ""
    rest = re.sub(r"[aeiou]", "", w[1:])
    first = "v" if w[0] in "aeiou" else w[0]  # vowel-initial names block together
    return re.sub(r"(.)\1+", r"\1", first + rest)


def is_acronym(name: str) -> bool:
    """NYT, AFP, dpa (the German press agency writes itself in lower case)."""
    s = name.strip().replace(".", "")
    return 2 <= len(s) <= 6 and s.isalpha() and (s.isupper() or (s.islower() and len(s) <= 3))


def keys_for(name: str, type_: str) -> list[str]:
    """Blocking keys an incoming name is looked up under (first is the key it is stored under)."""
    toks = tokens(name)
    if not toks:
        return []
    if type_ == PERSON:
        last = toks[-1]
        base = degenitive(last)
        keys = [f"p:{skeleton(base)}"] if base else []
        keys.append(f"p:{skeleton(last)}")
        return list(dict.fromkeys(keys))
    toks = org_tokens(name)
    if is_acronym(name):
        return [f"o:{toks[0]}"]
    if len(toks) > 1:
        return [f"o:{''.join(t[0] for t in toks)}"]
    base = degenitive(toks[0])
    keys = [f"o:{skeleton(base)}"] if base else []
    keys.append(f"o:{skeleton(toks[0])}")
    return list(dict.fromkeys(keys))


@lru_cache(maxsize=100_000)
def person_parts(name: str) -> tuple:
    """A person name as rigour `NamePart`s: honorifics ("Präsident", "Dr.") removed, transliterated, lowercased.

    Built directly rather than with `rigour.names.analyze_names`, which costs ~0.4 s per new name here.
    """
    stripped = remove_person_prefixes(name) or name
    return tuple(NamePart(t, i) for i, t in enumerate(tokens(stripped)))


# German and English transliterate Cyrillic differently (Lawrow/Lavrov, Mischustin/Mishustin, Sergej/Sergey,
# Alexej/Aleksei). Both sides are rewritten to one convention before rigour compares the residue, so the
# similarity budget is spent on real spelling differences, not on the convention.
TRANSLIT_CANON = (("tsch", "ch"), ("sch", "sh"), ("x", "ks"), ("w", "v"), ("ij", "iy"), ("ej", "ey"),
                  ("aj", "ay"), ("oj", "oy"), ("uj", "uy"), ("j", "y"), ("ei", "ey"), ("yy", "y"), ("kh", "ch"))


def translit_canon(word: str) -> str:
    w = ascii_norm(word)
    for a, b in TRANSLIT_CANON:
        w = w.replace(a, b)
    return w


def _rigour_score(a: str, b: str) -> float:
    if a == b:
        return 1.0
    pa, pb = person_parts(a), person_parts(b)
    if not pa or not pb:
        return 0.0
    al = compare_parts([pa[-1]], [pb[-1]])
    return max((x.score for x in al if x.qps and x.rps), default=0.0)


def word_score(a: str, b: str) -> float:
    """Similarity of two name words: rigour on the words as written and in one transliteration convention."""
    return max(_rigour_score(a, b), _rigour_score(translit_canon(a), translit_canon(b)))


def same_given_name(a: str, b: str) -> tuple[bool, float]:
    """Two first names are one name in other spellings (Dmitry/Dmitrij, Wladimir/Vladimir), or an initial."""
    a, b = a.rstrip("."), b.rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0], 1.0 if a[0] == b[0] else 0.0
    if a == b:
        return True, 1.0
    s = word_score(a, b)
    # Peter/Petra, Andreas/Andrea, Jan/Jana: a different final -a or -s is a different (gendered) name.
    if (a[-1] == "a") != (b[-1] == "a") or (a + "s" == b or b + "s" == a):
        return False, s
    # Differing initials are different names, unless only the transliteration differs (Wladimir/Vladimir).
    if translit_canon(a)[0] != translit_canon(b)[0]:
        return False, s
    return s >= PART_MATCH, s


def split_person(name: str) -> tuple[list[str], str | None]:
    """(given names, surname) as comparable ascii strings."""
    parts = [p.comparable for p in person_parts(name)]
    if not parts:
        return [], None
    return parts[:-1], parts[-1]


def compare_person(incoming: str, known: str) -> Decision:
    """May a person name join a known person name? Surname spelling + first-name agreement."""
    gi, si = split_person(incoming)
    gk, sk = split_person(known)
    if not si or not sk:
        return Decision(False, 0.0, "none", "empty name")
    best, how = 0.0, ""
    for cand, note in ((si, ""), (degenitive(si), "German genitive -s removed"), ):
        if not cand:
            continue
        for known_s, note2 in ((sk, ""), (degenitive(sk), "German genitive -s removed from known name")):
            if not known_s:
                continue
            s = 1.0 if cand == known_s else word_score(cand, known_s)
            if s > best:
                best, how = s, note or note2
                if cand != known_s and translit_canon(cand) == translit_canon(known_s):
                    how = "; ".join(x for x in (how, "same in one transliteration convention") if x)
    if best < PART_MATCH:
        return Decision(False, best, "none", f"surnames differ ({si} / {sk}, score {best:.2f})")
    surname_note = f"surname {si} ~ {sk} (rigour score {best:.2f}{'; ' + how if how else ''})"
    if gi and gk:
        ok, s = same_given_name(gi[0], gk[0])
        if not ok:
            return Decision(False, s, "none", f"different first names ({gi[0]} / {gk[0]})")
        return Decision(True, min(best, s), "name-match",
                        f"{surname_note}; first name {gi[0]} ~ {gk[0]} (score {s:.2f})")
    return Decision(True, best, "surname-only", f"{surname_note}; one side has no first name")


# Descriptive words in front of an outlet's name ("Nachrichtenagentur Reuters", "das Magazin Der Spiegel").
ORG_DESCRIPTORS = {"nachrichtenagentur", "agentur", "zeitung", "tageszeitung", "wochenzeitung", "magazin",
                   "nachrichtenmagazin", "sender", "fernsehsender", "news", "agency", "newspaper", "magazine",
                   "broadcaster", "portal", "nachrichtenportal", "onlinemagazin", "blatt"}


def org_tokens(name: str) -> list[str]:
    """Words of an organisation/outlet name without leading articles and descriptors."""
    toks = tokens(name)
    while len(toks) > 1 and (toks[0] in ORG_DESCRIPTORS or toks[0] in LEADING_WORDS):
        toks = toks[1:]
    return toks


def compare_org(incoming: str, known: str) -> Decision:
    """Organisations, outlets, groups: same words after normalisation, genitive, or an acronym of the other."""
    ti, tk = org_tokens(incoming), org_tokens(known)
    if not ti or not tk:
        return Decision(False, 0.0, "none", "empty name")
    if ti == tk:
        return Decision(True, 1.0, "exact", f"same name after normalisation ({' '.join(ti)})")
    if is_acronym(incoming) and len(tk) > 1 and ti[0] == "".join(t[0] for t in tk):
        return Decision(True, 0.9, "acronym", f"{incoming} is the acronym of {known}")
    if is_acronym(known) and len(ti) > 1 and tk[0] == "".join(t[0] for t in ti):
        return Decision(True, 0.9, "acronym", f"{known} is the acronym of {incoming}")
    if len(ti) == len(tk):
        di = [degenitive(t) or t for t in ti]
        dk = [degenitive(t) or t for t in tk]
        if di == dk or ti[:-1] + [degenitive(ti[-1]) or ti[-1]] == tk or tk[:-1] + [degenitive(tk[-1]) or tk[-1]] == ti:
            return Decision(True, 0.95, "inflection", f"same name up to German genitive -s ({incoming} / {known})")
    return Decision(False, 0.0, "none", f"different names ({incoming} / {known})")


def compare(incoming: str, known: str, type_: str) -> Decision:
    if ascii_norm(incoming) == ascii_norm(known):
        return Decision(True, 1.0, "exact", f"same name after transliteration ({ascii_norm(known)})")
    if type_ == PERSON:
        return compare_person(incoming, known)
    return compare_org(incoming, known)


def type_group(type_: str) -> str:
    """Types that can be one actor: outlet/organisation/group are often confused by NER."""
    return "org" if type_ in ORG_LIKE else type_


def is_name_like(mention: str, actor_name: str, type_: str) -> bool:
    """A mention worth listing as a surface form: not a pronoun, shares a (possibly inflected) word with the name."""
    toks = tokens(mention)
    if not toks or len(mention) > 80 or ascii_norm(mention) in PRONOUNS or not mention[:1].isupper():
        return False
    if is_acronym(mention):
        return True
    words = mention.split()
    # "Kozak habe", "Putin machte": a span that runs into the next word is not a name form
    if any(not w[:1].isupper() and w.lower() not in NAME_PARTICLES for w in words):
        return False
    name_keys = {skeleton(t) for t in tokens(actor_name)}
    return any(skeleton(t) in name_keys or skeleton(degenitive(t) or t) in name_keys for t in toks)
