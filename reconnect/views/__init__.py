"""The project's pages, one module per subject: the site, accounts, signing in, readiness."""
