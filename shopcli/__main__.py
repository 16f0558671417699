from shopcli.cli import main

main()
