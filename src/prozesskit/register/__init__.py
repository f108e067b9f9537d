"""Finding and reading the files of a register."""
