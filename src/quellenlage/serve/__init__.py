"""quellenlage.serve"""
