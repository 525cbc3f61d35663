-- The tests run WirePlumber without a session bus, logind or devices.
alsa_monitor.properties["alsa.reserve"] = false
v4l2_monitor.enabled = false
default_access.properties["enable-flatpak-portal"] = false
