"""The English language pack: attribution components and their word lists and patterns (data files here).

The trained pipeline (`quellenlage_en_core`) is built by training/en/train.sh; MODELS.md names its data and
licences.
"""
