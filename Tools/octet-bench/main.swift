print("octet-bench: benchmarks arrive with the pooling kernels")
