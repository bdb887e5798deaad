"""The journal's pages, one module per subject: entries, changes, waiting periods, data."""
