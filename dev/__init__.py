"""Development tools, never imported by the product: the WCS stand-in, a demo site, benchmarks."""
