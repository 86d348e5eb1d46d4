# a valid file with settings envscan does not implement yet: listed
printf 'scan:\n  exclude: [svc]\nperformance:\n  threads: 2\n  io: io_uring\n  chunk_size: 64M\ncache:\n  enabled: true\n  dir: .cache\nbenchmarking:\n  thresholds:\n    min_throughput: 10\n' > envscan.yml
