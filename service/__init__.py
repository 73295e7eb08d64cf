"""thidua's service layer: the one application, command handlers, authorisation."""
