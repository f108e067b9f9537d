"""Reading registers: finding their files safely, and the read-only :class:`Register` view
that import, diff, pack, site and netz build on (see docs/ARCHITECTURE.md, "Register API
and sources"). Submodules are imported on use: ``validate``'s fast path imports only
:mod:`.discover`."""
