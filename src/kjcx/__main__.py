"""`python -m kjcx`: the console script, run as a module."""

from kjcx._entry import main

main()
