"""Translations of the data: which text is translatable, its fingerprints, and translation files."""
