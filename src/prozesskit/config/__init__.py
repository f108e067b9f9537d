"""The network's conventions: which rules, at which level, with which options."""
