"""German (and some English) attribution vocabulary, kept as data (in the manner of trafilatura's xpaths.py).

Every list names the error it prevents or the decision it drives. Lemmas are simplemma lemmas, lowercased.
"""
from __future__ import annotations

from pathlib import Path


def _word_list(name: str) -> frozenset[str]:
    """First column of a word list written by training/cue_lexicon.py from the SpkAtt training articles."""
    path = Path(__file__).with_name(name)
    return frozenset(line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines() if line)


# Speech verbs the training data has too rarely to learn but news uses ("behaupten", "dementieren").
SPEECH_VERBS = frozenset({
    "sagen", "erklären", "behaupten", "betonen", "berichten", "mitteilen", "äußern", "vorschlagen", "fordern",
    "warnen", "ankündigen", "bestätigen", "dementieren", "bestreiten", "zurückweisen", "verdeutlichen",
    "unterstreichen", "versichern", "einräumen", "zugeben", "kritisieren", "vorwerfen", "ergänzen", "hinzufügen",
    "antworten", "erwidern", "entgegnen", "schreiben", "melden", "verkünden", "argumentieren", "appellieren",
    "say", "tell", "claim", "state", "report", "announce", "add", "warn", "insist", "argue",
})
# Verbs (by lemma) that can be the cue of a message the tagger found without one; function words that are only
# parts of multiword cues ("geht davon aus") are left out.
CUE_VERBS = (_word_list("cue_lemmas.txt") | SPEECH_VERBS) - frozenset({
    "nach", "davon", "darauf", "hervor", "laut", "zufolge", "gemäß", "demnach", "wonach", "heißen", "werfen",
    "weisen", "kündigen", "teilen"})

# Verbs that are cues only with a particle or predicative word: "machte deutlich, dass", "stellte klar, dass".
PARTICLE_CUES = {
    "machen": frozenset({"deutlich", "klar"}), "stellen": frozenset({"klar", "fest"}),
    "geben": frozenset({"an", "bekannt", "zu"}), "weisen": frozenset({"hin", "darauf"}),
    "räumen": frozenset({"ein"}), "teilen": frozenset({"mit"}), "führen": frozenset({"aus"}),
}

# Frequent lemmas that are (almost) never cues in the training data: a tagger cue made only of these
# ("versuchte", "kürzlich") is noise, and so is the message it introduced.
NON_CUE_LEMMAS = _word_list("non_cue_lemmas.txt") - SPEECH_VERBS

# Verbs whose lemma marks thought rather than speech (medium="thought").
THOUGHT_LEMMAS = frozenset({
    "glauben", "denken", "annehmen", "vermuten", "hoffen", "fürchten", "befürchten", "meinen", "überzeugen",
    "erwarten", "bezweifeln", "zweifeln", "ahnen", "wissen", "think", "believe", "assume", "expect", "fear", "hope",
})
# Writing verbs and nouns (medium="writing").
WRITING_LEMMAS = frozenset({
    "schreiben", "berichten", "melden", "veröffentlichen", "bericht", "meldung", "mitteilung", "brief",
    "erklärung", "report", "write", "publish", "zeitung",
})
# Cues that deny the message (epistemic="denied").
DENIAL_LEMMAS = frozenset({
    "dementieren", "bestreiten", "zurückweisen", "abstreiten", "verneinen", "widersprechen", "leugnen",
    "deny", "reject", "dispute",
})
# Hedges anywhere in the frame or message (epistemic="hedged"): the outlet marks the claim as unconfirmed.
HEDGE_WORDS = frozenset({
    "angeblich", "mutmaßlich", "vermutlich", "möglicherweise", "offenbar", "wohl", "allegedly",
    "reportedly", "apparently", "supposedly",
})
# Impersonal hedging frames: "es wird angenommen/vermutet/gemunkelt, dass ..." (no source: unattributed).
IMPERSONAL_HEDGE_LEMMAS = frozenset({
    "annehmen", "vermuten", "spekulieren", "munkeln", "befürchten", "erwarten", "heißen", "gelten", "glauben",
})

# Prepositions and postpositions that introduce a reported source: "laut X", "X zufolge", "nach Angaben X".
REPORTED_PREPOSITIONS = frozenset({"laut", "lt.", "zufolge", "gemäß", "according"})
REPORTED_NOUNS = frozenset({"angabe", "angaben", "informationen", "information", "bericht", "berichte",
                            "berichten", "aussage", "aussagen", "einschätzung", "darstellung", "schätzung"})

# Nouns of opinion after "nach" that make a reported frame: "nach Ansicht einiger Juristen".
VIEW_NOUNS = frozenset({"ansicht", "meinung", "auffassung", "einschätzung", "vernehmen", "darstellung",
                        "schätzung", "überzeugung", "erkenntnissen", "informationen", "angaben"})

# Words that make a source an outlet (source_type="outlet"): media nouns and well-known outlet names.
OUTLET_WORDS = frozenset({
    "zeitung", "medium", "mediums", "medien", "blatt", "magazin", "nachrichtenagentur", "agentur", "sender",
    "fernsehsender", "rundfunk", "times", "post", "reuters", "dpa", "afp", "ap", "bloomberg", "spiegel", "zeit",
    "faz", "sz", "bild", "bbc", "cnn", "tass", "interfax", "guardian", "journal", "tagesschau", "zdf", "ard",
    "welt", "handelsblatt", "nyt", "anzeiger", "kurier", "rundschau", "tagblatt", "allgemeine", "presse",
    "newspaper", "outlet", "report", "berichte", "bericht", "berichten", "meldung", "nachrichtenmagazin",
    "wochenzeitung", "tageszeitung", "portal", "nachrichtenportal",
})
# Words that make a source anonymous (source_type="anonymous"): unnamed groups of informants.
ANONYMOUS_WORDS = frozenset({
    "quellen", "quelle", "kreise", "kreisen", "insider", "umfeld", "beobachter", "informanten", "vertraute",
    "eingeweihte", "sources", "insiders", "nahestehende", "diplomaten", "beamte", "experten", "analysten",
    "westliche", "gewährsleute", "mitarbeiter",
})
# Words that make a source official (source_type="official"): institutions of the state and their speakers.
OFFICIAL_WORDS = frozenset({
    "ministerium", "ministeriums", "ministerin", "minister", "sprecher", "sprecherin", "regierung",
    "regierungssprecher", "behörde", "behörden", "polizei", "staatsanwaltschaft", "gericht", "kreml", "weißes",
    "präsidialverwaltung", "bundesregierung", "außenministerium", "verteidigungsministerium", "pentagon",
    "kanzleramt", "spokesman", "spokeswoman", "ministry", "government", "police", "prosecutors", "armee",
    "militär", "landrat", "bürgermeister", "bürgermeisterin", "präsident", "präsidentin", "kanzler",
})
# Name endings that make an entity an organisation whatever the NER label ("Windkraft Soonwald GmbH").
ORGANISATION_WORDS = frozenset({
    "gmbh", "ag", "se", "kg", "ohg", "e.v.", "ev", "inc", "ltd", "llc", "corp", "konzern", "partei", "verband",
    "gewerkschaft", "stiftung", "institut", "universität", "gericht", "ministerium", "bank", "gruppe", "holding",
})

# Pronouns that can refer back to a person or group source.
PERSON_PRONOUNS = frozenset({"er", "sie", "ihm", "ihn", "ihr", "he", "she", "him", "her"})
PLURAL_PRONOUNS = frozenset({"sie", "they", "them"})

# Adverbs that may open a sentence before its subject ("Zudem", "Doch", "Auch") without being part of it.
OPENERS = frozenset({"doch", "zudem", "auch", "außerdem", "dennoch", "aber", "und", "so", "nun", "jetzt",
                     "inzwischen", "allerdings", "jedoch", "bereits", "schon", "gleichzeitig"})

# Opening and closing quotation marks (German „…“ and »…«, English “…”, plain "…").
OPEN_QUOTES = frozenset({"„", "“", "»", "«", "\"", "‚", "‘"})
CLOSE_QUOTES = frozenset({"“", "”", "«", "»", "\"", "‘", "’"})
