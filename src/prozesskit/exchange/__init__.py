"""Exchange between registers that share no repository: packages (``prozesskit pack`` /
``unpack``); later XProzess 2.0 messages.

A pure library: it never prints or exits. ``paket`` writes a package from a
:class:`~prozesskit.register.view.Register`, ``entpacken`` reads one back (every safety
check before anything is written), ``manifest`` is the package's manifest model, ``zipwrite``
/ ``zipread`` the deterministic ZIP writer and the distrustful reader under them.
"""
