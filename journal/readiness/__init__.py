"""The readiness checklist: the rules (pure), the facts they read, the situation form."""
