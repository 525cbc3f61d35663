# The audio tests' PipeWire (sourced after tests/e2e/lib.sh): a private
# pipewire + wireplumber per test, without systemd or D-Bus, whose only
# devices are the null sinks in tests/audio/config.

# audio_setup TOOL...: the audio tests' common start: rl-spice-server and
# every TOOL present, an Xvfb (DISPLAY exported, for the client's window)
# and start_pipewire.
audio_setup() {
	local tool
	[ -x "${RL_SPICE_SERVER:-}" ] || fail "\$RL_SPICE_SERVER is not set to an executable (run through ctest)"
	for tool in Xvfb pipewire wireplumber pw-cli pw-dump chrt "$@"; do
		command -v "$tool" >/dev/null || fail "$tool is not installed (see tests/audio/packages.txt)"
	done
	start_xvfb xvfb 640x480x24 DISPLAY >/dev/null
	export DISPLAY
	unset WAYLAND_DISPLAY RL_DISPLAY
	start_pipewire
}

# start_pipewire: start both, wait until the sinks exist and WirePlumber
# links streams. Exports XDG_RUNTIME_DIR (every PipeWire client below
# finds this instance, and only it).
start_pipewire() {
	local cfg
	cfg=$(cd "$(dirname "${BASH_SOURCE[0]}")/config" && pwd)
	export XDG_RUNTIME_DIR="$E2E_WORK/xdg" XDG_STATE_HOME="$E2E_WORK/state"
	mkdir -p "$XDG_RUNTIME_DIR" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME"
	chmod 700 "$XDG_RUNTIME_DIR"
	cp -r "$cfg/pipewire" "$cfg/wireplumber" "$XDG_CONFIG_HOME/"
	unset PIPEWIRE_REMOTE DBUS_SESSION_BUS_ADDRESS
	start pipewire pipewire
	timeout 10 bash -c 'until pw-cli ls Node 2>/dev/null | grep -q relay-mic-sink; do sleep 0.1; done' ||
		fail "PipeWire did not come up with the test sinks"
	start wireplumber wireplumber
	timeout 10 bash -c 'until pw-cli ls Client 2>/dev/null | grep -qi wireplumber; do sleep 0.1; done' ||
		fail "WirePlumber did not connect"
	sleep 0.5
}

# node_present NAME: a PipeWire node called NAME exists now. (The whole
# dump is read first: with pipefail, grep -q closing the pipe early would
# make the dump die of SIGPIPE and a node that is there look absent.)
node_present() {
	local dump
	dump=$(pw-dump 2>/dev/null) || return 1
	grep -q "\"node.name\": \"$1\"" <<<"$dump"
}

# The test's own players and recorders (pw-play, pw-record) run their
# audio in their main thread, not PipeWire's real-time data thread as
# relay-client does: at normal priority a busy machine delays them past a
# graph cycle (a lost quantum in the sink, which the checks would blame on
# relay). So they run SCHED_FIFO, like the data threads of the daemon and
# of relay-client (module-rt; the tests run as root).
PW_RT=(chrt -f 40)

# monitor_record NAME SINK FILE: record SINK's monitor (48 kHz stereo S16) to FILE.wav.
monitor_record() {
	start "$1" "${PW_RT[@]}" pw-record --target "$2" -P stream.capture.sink=true --rate 48000 \
		--channels 2 --format s16 "$3"
	RECORDER=$LAST_PID
}

# audio_client NAME PORT ARGS...: relay-client's window (no host: it waits)
# with SPICE on 127.0.0.1:PORT; waits until SPICE connects. Sets CLIENT,
# CLIENT_LOG.
audio_client() {
	local name=$1 port=$2
	shift 2
	e2e_shm "AUDIO_SHM_$name" "$name"
	local shm_var="AUDIO_SHM_$name"
	start "$name" "$RELAY_CLIENT" --shm-file "${!shm_var}" --display x11 --width 320 \
		--height 200 --spice-port "$port" --log-level debug "$@"
	CLIENT=$LAST_PID
	CLIENT_LOG="$E2E_WORK/$name.log"
	expect "$CLIENT_LOG" "spice: connected to 127.0.0.1:$port" 15 "$name: SPICE connected"
}

# spice_audio_server NAME VAR=VALUE...: rl-spice-server with that sound
# environment on a free port; sets PORT, SERVER, SERVER_OUT.
spice_audio_server() {
	local name=$1 try
	shift
	for try in 1 2 3 4 5 6 7 8; do
		PORT=$((20000 + RANDOM % 30000))
		# The guest's side of the sound, its clock a 2 ms timer: real-time
		# too, so a busy machine does not make the guest look late.
		start "$name" "${PW_RT[@]}" env "$@" "$RL_SPICE_SERVER" "$PORT"
		SERVER=$LAST_PID
		SERVER_OUT="$E2E_WORK/$name.out"
		if wait_for "$SERVER_OUT" '^listening ' 5 && sleep 0.2 && alive "$SERVER"; then
			return 0
		fi
		stop "$SERVER"
	done
	fail "no free port for the SPICE server"
}
