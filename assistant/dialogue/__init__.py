"""The conversation: understanding a message, choosing the measure, composing the answer."""
