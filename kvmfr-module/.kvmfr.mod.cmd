cmd_/work/main/kvmfr-module/kvmfr.mod := printf '%s\n'   kvmfr.o | awk '!x[$$0]++ { print("/work/main/kvmfr-module/"$$0) }' > /work/main/kvmfr-module/kvmfr.mod
