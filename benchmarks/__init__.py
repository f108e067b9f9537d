"""Benchmark of ``prozesskit validate`` against peers and the parse floor."""
