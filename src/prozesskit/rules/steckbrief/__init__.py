"""Rules over single Steckbriefe and over the register as a whole."""
