"""CI templates that ``prozesskit init --ci`` writes into a register."""
