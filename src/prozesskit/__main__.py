"""Allows ``python -m prozesskit``."""

from prozesskit.cli import main

main()
