"""The German spaCy pipeline: tokenizer, sentences, morphology (mood), lemmas, entities."""
