import sys

from tracker.cli.entry import main

sys.exit(main())
