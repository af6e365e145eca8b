from kjcx._entry import main

main()
