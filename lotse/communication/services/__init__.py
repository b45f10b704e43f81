"""Writes of communication, one module per workflow; each function is one atomic state change with its audit entry."""


class CommunicationError(ValueError):
    """A rule of the workflow was broken; the message is shown to the user."""
