"""Everything ``prozesskit init`` needs: a new register from a Blaupause, and CI templates.

- :mod:`.catalogue`: the Blaupausen-Katalog (loader, derivation of one Blaupause);
- :mod:`.instantiate`: where a Blaupause comes from, and the planned files of a new register;
- :mod:`.citemplates`: GitLab/GitHub pipelines (package data in ``templates/``).

Nothing is imported here: the CLI imports the submodule it needs inside the command.
"""
