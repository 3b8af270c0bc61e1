from .cli import main

# Guarded: the extraction pass's worker processes (spawned, multiprocessing's "Safe importing of
# main module") import this module again and must not run the command line.
if __name__ == "__main__":
    main()
