from dragonfly.cli.main import run

if __name__ == "__main__":  # not when a spawned worker process (paper runs) imports it
    run()
