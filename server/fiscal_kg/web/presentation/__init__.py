"""What pages are made of: an entity's description (`describe`), charts of a report's
breakdowns (`charts`), addresses and labels (`linking`), the pages' own words (`i18n`) and what
every template can use (`templating`)."""
