"""The RDF documents that describe the service and its build: the DCAT-AP catalogue
(`catalog`), the VoID description (`void`) and the SPARQL service description (`service`),
each made from the build's manifest alone (no project file is read to describe a build) and
written by the engine's serializers in a stable order (`rdfout`)."""
