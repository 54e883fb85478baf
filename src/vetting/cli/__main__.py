"""``python -m vetting.cli ...``: the same as the ``vetting`` command."""
from . import main

main()
