"""XProzess 2.0 (XÖV, FIM Baustein Prozesse): export, import and structural checks.

The federal exchange format between PICTURE, ADONIS, the FIM portal and prozesskit. One
job per module:

- :mod:`.codes`: namespace, message names, list URIs and the code values observed in real
  exports (the normative XSD and code lists live on XRepository, which is not reachable);
- :mod:`.daten`: a process as XProzess carries it, independent of XML (``ProzessDaten``);
- :mod:`.abbildung`: THE mapping Steckbrief ↔ Prozesssteckbrief (the README's table);
- :mod:`.nutzlast`: the model payload: base64 of a ZIP with one ``<dateiname>.xml``, read
  with the package reader's limits (:mod:`prozesskit.exchange.zipread`);
- :mod:`.schreiben`: writes a message strictly (0203 or 0303), deterministic apart from
  UUID and time;
- :mod:`.lesen`: safe XML parse and lenient reading of what real exports hold;
- :mod:`.quelle`: an XProzess file as a read-only register (``prozesskit import``);
- :mod:`.pruefen`: ``prozesskit validate export.xml`` (rules in ``prozesskit.rules.xprozess``).
"""
