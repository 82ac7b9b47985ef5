"""The eval suite: datasets + evaluators + thresholds (kept apart from unit tests)."""
