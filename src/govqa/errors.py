"""Typed errors. User mistakes (ConfigError, InputError) are kept apart from runtime failures."""


class GovqaError(Exception):
    """Base of every error GovQA raises on purpose; its message is one line for the user."""


class ConfigError(GovqaError):
    """A setting has a bad value; the message names the value and the fix."""


class InputError(GovqaError):
    """A question or argument cannot be used as given."""


class CorpusError(GovqaError):
    """A document cannot be read or parsed."""


class StoreError(GovqaError):
    """The index cannot be opened, read or written."""


class MissingDependencyError(GovqaError):
    """An optional dependency is not installed; the message holds the install command."""


class GenerationError(GovqaError):
    """An LLM backend failed (down, timed out, refused the prompt); the answer falls back."""
