"""The geography of a round: the organisations of each system, read from the official lookups,
and how the systems line up with local authority boundaries (contiguity). Pure: no Django."""
