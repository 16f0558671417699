from shopcli.cli import run

run()
