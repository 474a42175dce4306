"""quellenlage: who claims what about whom, according to whom — from German and English news."""
__version__ = "0.1.0"
