"""Rules over one XProzess 2.0 message (``prozesskit validate export.xml``): structure,
formats, codes, model payloads. The subject is
:class:`~prozesskit.exchange.xprozess.dokument.XProzessDoc`."""
