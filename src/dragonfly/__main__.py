from dragonfly.cli.main import run

run()
