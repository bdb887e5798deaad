"""The hard moment: the urge written down, the pause, drafts, reasons to wait, a friend."""
