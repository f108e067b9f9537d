"""YAML in two paths: ``read`` (fast, positions, no round-trip) and ``edit`` (ruamel round-trip)."""
