"""The framework: a versioned pack of data files (not code), its schema and loader."""
