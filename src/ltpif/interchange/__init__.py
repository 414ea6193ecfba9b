"""Interchange: ltpif's documents in the formats people and other tools use."""
