"""The `ltpif` command: thin wrappers that parse arguments, call the domain and print."""
