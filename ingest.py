"""Build or refresh the policy index: ``python ingest.py [PATH…]`` (default: corpus/)."""

import sys

from assistant.cli.corpus import ingest_main

if __name__ == "__main__":
    sys.exit(ingest_main())
