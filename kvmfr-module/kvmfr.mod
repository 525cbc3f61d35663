/work/main/kvmfr-module/kvmfr.o
