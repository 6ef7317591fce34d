"""The request handlers, one blueprint per area: the SPARQL protocol (`sparql`), entity pages
(`entities`), the home page, search and stored queries (`pages`), what portals harvest
(`portal`) and system pages (`system`)."""
