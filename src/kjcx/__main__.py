from kjcx.cli import main

main()
