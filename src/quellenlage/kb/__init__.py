"""quellenlage.kb"""
