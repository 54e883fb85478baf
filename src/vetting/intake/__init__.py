"""Reading a provider's contract and proposing the deal facts it states (``vetting scan``)."""
