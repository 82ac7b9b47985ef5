"""``python -m assistant.cli`` = ``policy-assistant``."""

import sys

from assistant.cli import main

sys.exit(main())
