"""The benchmark harness: synthetic workspaces, page timings, load and concurrency."""
