cmd_/work/main/kvmfr-module/modules.order := {   echo /work/main/kvmfr-module/kvmfr.ko; :; } > /work/main/kvmfr-module/modules.order
