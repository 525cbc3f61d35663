-- No bluez (and no D-Bus) in the test machines.
bluez_monitor.enabled = false
