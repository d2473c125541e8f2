"""`python -m xtd_rdf` runs the command line."""

from .cli import main

main()
