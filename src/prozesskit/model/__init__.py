"""Pydantic models of what users write: Steckbriefe and the register manifest."""
