"""python -m govqa."""

from govqa.cli import main

main()
