"""The German attribution vocabulary, read from the language pack (src/quellenlage/lang/de/words/).

Each file says in its header which error it prevents or which decision it drives; lemmas are simplemma lemmas,
lowercased. `cue_lemmas.tsv` and `non_cue_lemmas.tsv` are learnt by training/cue_lexicon.py from the SpkAtt
training articles; the other lists are written by hand. Token patterns of the pack are in lang/de/patterns/
(frames.py reads them).
"""
from __future__ import annotations

from quellenlage.lang import language_pack

DE = language_pack("de")

SPEECH_VERBS = DE.words("speech_verbs")
# Verbs (by lemma) that can be the cue of a message the tagger found without one.
CUE_VERBS = (DE.words("cue_lemmas") | SPEECH_VERBS) - DE.words("cue_verb_exclusions")
PARTICLE_CUES = DE.word_map("particle_cues")
# Frequent lemmas that are (almost) never cues in the training data: a tagger cue made only of these
# ("versuchte", "kürzlich") is noise, and so is the message it introduced.
NON_CUE_LEMMAS = DE.words("non_cue_lemmas") - SPEECH_VERBS

THOUGHT_LEMMAS = DE.words("thought_lemmas")
WRITING_LEMMAS = DE.words("writing_lemmas")
DENIAL_LEMMAS = DE.words("denial_lemmas")
HEDGE_WORDS = DE.words("hedge_words")

REPORTED_PREPOSITIONS = DE.words("reported_prepositions")
REPORTED_NOUNS = DE.words("reported_nouns")
VIEW_NOUNS = DE.words("view_nouns")

OUTLET_WORDS = DE.words("outlet_words")
OUTLET_DESCRIPTIONS = DE.words("outlet_descriptions")
ANONYMOUS_WORDS = DE.words("anonymous_words")
OFFICIAL_WORDS = DE.words("official_words")
ORGANISATION_WORDS = DE.words("organisation_words")
ARTICLES = DE.words("articles")

PERSON_PRONOUNS = DE.words("person_pronouns")
PLURAL_PRONOUNS = DE.words("plural_pronouns")
MASCULINE_PRONOUNS = DE.words("masculine_pronouns")

OPENERS = DE.words("openers")
NP_INNER_PREPOSITIONS = DE.words("np_inner_prepositions")
GENITIVE_ARTICLES = DE.words("genitive_articles")
COMPLEMENTIZERS = DE.words("complementizers")

OPEN_QUOTES = DE.words("open_quotes")
CLOSE_QUOTES = DE.words("close_quotes")
INVERSION_MARKS = DE.words("inversion_marks")
CLAUSE_BREAKS = DE.words("clause_breaks")

KONJUNKTIV_I = DE.words("konjunktiv_i")
KONJUNKTIV_II = DE.words("konjunktiv_ii")
