"""Language packs: one folder per language (models, word lists and patterns as data) and language detection."""
