from shopcli.ui.cli import run

run()
