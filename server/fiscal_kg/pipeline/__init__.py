"""Report text -> typed records -> RDF graph. Never imports the web layer."""
