"""A draft of both data files from a plan document (`kjcx init --from`)."""
