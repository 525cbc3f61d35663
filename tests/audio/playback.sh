#!/bin/bash
# The guest's sound through relay-client into a real PipeWire (headless,
# null sinks) from a real SPICE server (rl-spice-server: libspice-server's
# playback channel, no VM):
#   1. a 440 Hz tone reaches the sink: recorded from its monitor, every
#      250 ms window within 1% of 440 Hz, RMS within 1 dB of what was sent,
#      no gap over 5 ms and no discontinuity after the start;
#   2. the guest's volume (half) is applied: 6 dB down, within 1 dB; the
#      guest's mute: silence;
#   3. the guest stalls twice in one burst: the output fades to silence
#      (no click: no step), two underruns counted, logged once;
#   4. the burst ends (playback-stop): what was buffered plays out, the
#      stream pauses but stays (the next burst pays no stream start);
#   5. the guest delivers 300 ms ahead at once (a backlog): one resync back
#      to the target, faded out and in: no step in the output;
#   6. --no-audio: the guest plays, nothing reaches PipeWire (no stream).
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/lib.sh"

CHECK="python3 $(dirname "$0")/audiocheck.py"

audio_setup pw-record python3

# play NAME SERVER_VAR=VALUE... [-- CLIENT_ARGS...]: a server with that sound,
# a client playing it into relay-sink-a (40 ms target), the sink's monitor
# recorded into $E2E_WORK/NAME.wav (RECORDER).
play() {
	local name=$1 env=() args=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do env+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	args=("$@")
	spice_audio_server "server_$name" "${env[@]}"
	audio_client "client_$name" "$PORT" --audio-device relay-sink-a --audio-latency 40 "${args[@]}"
	expect "$CLIENT_LOG" "audio: playing the guest's sound \(48000 Hz, 2 ch" 10 "$name: playback stream opened"
	monitor_record "rec_$name" relay-sink-a "$E2E_WORK/$name.wav"
}

# 1. The tone.
play tone RL_SPICE_TONE_HZ=440 RL_SPICE_TONE_AMP=8000 -- --stats-interval 1
sleep 6
stop "$RECORDER"
$CHECK "$E2E_WORK/tone.wav" --hz 440 --amp 8000 --min-s 4 || fail "the tone as recorded from the sink"
log "ok: 440 Hz arrives whole"
grep -q "audio: underrun" "$CLIENT_LOG" && fail "an underrun during a steady tone"
node_present relay-playback || fail "no relay-playback node in PipeWire"
stop "$CLIENT"
stop "$SERVER"

# 2. The guest's volume at half: 6 dB down.
play half RL_SPICE_TONE_HZ=440 RL_SPICE_TONE_AMP=8000 RL_SPICE_VOLUME=32768
sleep 3
stop "$RECORDER"
$CHECK "$E2E_WORK/half.wav" --hz 440 --amp 8000 --gain 0.5 --min-s 2 ||
	fail "the guest's volume (half) is not applied"
log "ok: the guest's volume is applied"
stop "$CLIENT"
stop "$SERVER"
# (With a volume: libspice-server 0.15.1 delivered no mute set alone here.)
play muted RL_SPICE_TONE_HZ=440 RL_SPICE_TONE_AMP=8000 RL_SPICE_VOLUME=65535 RL_SPICE_MUTE=1
sleep 2.5
stop "$RECORDER"
$CHECK "$E2E_WORK/muted.wav" --silent --amp 8000 --min-s 2 || fail "the guest's mute is not applied"
log "ok: the guest's mute is applied"
stop "$CLIENT"
stop "$SERVER"

# 3 + 4. Stalls, then the end of the burst.
play stalls RL_SPICE_TONE_HZ=440 RL_SPICE_TONE_SECONDS=5 -- --stats-interval 0.5
sleep 1.5
for i in 1 2; do
	kill -STOP "$SERVER"
	sleep 0.3
	kill -CONT "$SERVER"
	sleep 1
done
expect "$SERVER_OUT" '^playback stopped' 10 "the burst ends"
sleep 1
stop "$RECORDER"
n=$(grep -c "audio: underrun" "$CLIENT_LOG")
[ "$n" = 1 ] || fail "the underruns were logged $n times, want once per burst"
grep -E "audio 48000 Hz .* 2 underruns" "$CLIENT_LOG" >/dev/null ||
	fail "the overlay figures do not count 2 underruns: $(grep -o 'audio 48000.*' "$CLIENT_LOG" | tail -n 1)"
log "ok: two stalls: two underruns, logged once"
# Every step in the recording is the sine's or a fade's: no click at the gaps.
$CHECK "$E2E_WORK/stalls.wav" --hz 440 --amp 8000 --max-gap-ms 1000 --tolerance 0.5 --rms-db 3 --min-s 3 ||
	fail "the stalls click (a step in the output) or the tone is lost"
log "ok: the gaps fade, no step"
node_present relay-playback || fail "the playback stream was destroyed after playback-stop (it should pause)"
grep -E "audio 48000 Hz 2 ch paused" "$CLIENT_LOG" >/dev/null ||
	fail "the stream is not reported paused after the burst"
log "ok: after playback-stop the stream is kept, paused"
stop "$CLIENT"
stop "$SERVER"

# 5. A backlog: latency far above the target, one resync, no step.
play catchup RL_SPICE_TONE_HZ=440 RL_SPICE_CATCHUP_MS=300 -- --stats-interval 0.5
expect "$SERVER_OUT" '^catch-up' 10 "the server sends its backlog"
sleep 3
stop "$RECORDER"
last=$(grep -o 'audio 48000 Hz .* resyncs' "$CLIENT_LOG" | tail -n 1)
[[ $last == *" 0 underruns, 0 overruns, 1 resyncs" ]] || fail "a 300 ms backlog: want one resync, no underrun: $last"
$CHECK "$E2E_WORK/catchup.wav" --hz 440 --amp 8000 --max-gap-ms 10 --tolerance 0.5 --rms-db 3 --min-s 3 ||
	fail "the resync clicks (a step in the output)"
log "ok: a backlog: one resync, faded, no step"
stop "$CLIENT"
stop "$SERVER"

# 6. --no-audio.
spice_audio_server server6 RL_SPICE_TONE_HZ=440
audio_client client6 "$PORT" --no-audio
expect "$CLIENT_LOG" "audio: off \(--no-audio\)" 5 "--no-audio is said"
sleep 1
node_present relay-playback && fail "--no-audio opened a playback stream"
grep -q "audio: playing" "$CLIENT_LOG" && fail "--no-audio played the guest's sound"
log "ok: --no-audio: no stream"
stop "$CLIENT"
stop "$SERVER"
check_no_crash
log "PASS"
