#!/usr/bin/env bash
# Builds and checks the Sparkway container image without a Docker engine, with buildah (Debian package), as root.
# See docs/container-image.md. Steps (default: all):
#   base   local stand-ins for eclipse-temurin:17-jre / :17-jdk, made with debootstrap (skipped when present)
#   image  buildah bud of the top-level Dockerfile (no pulls: the FROM images must exist locally)
#   check  runs the image: server health UP and a retail-sales job SUCCEEDED; a master and a worker container, the
#          worker registered; the server on that cluster running the same job on the worker's executor
# Every process and working container it starts is stopped and removed when it ends, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${IMAGE:-localhost/sparkway:dev}
JRE=docker.io/library/eclipse-temurin:17-jre
JDK=docker.io/library/eclipse-temurin:17-jdk
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CHECK_DIR=${CHECK_DIR:-/tmp/sparkway-image-check}

containers=()
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
	for ctr in "${containers[@]}"; do
		buildah umount "$ctr" >/dev/null 2>&1 || true
		buildah rm "$ctr" >/dev/null 2>&1 || true
	done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
have_image() { buildah inspect --type image "$1" >/dev/null 2>&1; }

base() {
	command -v buildah >/dev/null && command -v debootstrap >/dev/null \
		|| { apt-get update -q && apt-get install -y -q buildah debootstrap; }
	if have_image "$JRE"; then
		log "$JRE exists"
	else
		log "debootstrap bookworm + openjdk-17-jre-headless -> $JRE"
		local ctr mnt
		ctr=$(buildah from scratch); containers+=("$ctr")
		mnt=$(buildah mount "$ctr")
		debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$mnt" "$MIRROR" >/dev/null
		chroot "$mnt" apt-get clean
		rm -rf "$mnt"/var/lib/apt/lists/* "$mnt"/var/cache/apt/*.bin "$mnt"/var/log/*.log
		buildah umount "$ctr" >/dev/null
		# Behind a TLS-intercepting proxy the host trusts extra CAs; the build stage needs them for Maven Central.
		if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
			log "adding the host's extra CAs: $(cd /usr/local/share/ca-certificates && echo *.crt)"
			buildah copy --quiet "$ctr" /usr/local/share/ca-certificates/ /usr/local/share/ca-certificates/ >/dev/null
			buildah run --isolation chroot "$ctr" -- update-ca-certificates >/dev/null
		fi
		buildah config --env LANG=C.UTF-8 --env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 "$ctr"
		buildah commit --quiet --rm "$ctr" "$JRE" >/dev/null
	fi
	if have_image "$JDK"; then
		log "$JDK exists"
	else
		log "$JRE + openjdk-17-jdk-headless -> $JDK"
		local ctr
		ctr=$(buildah from --pull=never "$JRE"); containers+=("$ctr")
		buildah run --isolation chroot "$ctr" -- sh -c 'apt-get update -q >/dev/null \
			&& apt-get install -y -q --no-install-recommends openjdk-17-jdk-headless >/dev/null \
			&& apt-get clean && rm -rf /var/lib/apt/lists/*'
		buildah commit --quiet --rm "$ctr" "$JDK" >/dev/null
	fi
}

image() {
	log "buildah bud -> $IMAGE"
	local started=$SECONDS
	buildah bud --pull=never --isolation chroot --layers --format docker --tag "$IMAGE" --file Dockerfile .
	log "built $IMAGE in $((SECONDS - started)) s; $(buildah images --format '{{.Size}}' "$IMAGE")"
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
descendants() { local p; for p in $(ps -o pid= --ppid "$1"); do echo "$p"; descendants "$p"; done; }

# A working container of the image (in $ctr) that can reach itself by name (Docker and Kubernetes put the hostname
# in /etc/hosts; buildah run does not, and Spark resolves it) and whose /data is a host directory (buildah would
# otherwise mount a fresh anonymous volume over the image's VOLUME). Not a $(...) subshell: cleanup must see it.
new_container() {
	ctr=$(buildah from --pull=never --add-host "$1:127.0.0.1" "$IMAGE")
	containers+=("$ctr")
	buildah config --volume /data- "$ctr"
}

# Starts `entrypoint.sh ARGS` in container $1 (hostname $2, output to file $3) in the background, on the host's
# network, with the environment given before `--`; its pid is left in $pid.
start_in() {
	local ctr=$1 host=$2 out=$3
	shift 3
	local envs=()
	while [[ $1 != -- ]]; do envs+=(--env "$1"); shift; done
	shift
	buildah run --isolation chroot --hostname "$host" "${envs[@]}" --volume "$CHECK_DIR/data:/data" \
		"$ctr" -- /app/entrypoint.sh "$@" > "$out" 2>&1 &
	pid=$!
	pids+=("$pid")
}

# SIGTERM to the JVM inside (killing buildah run would SIGKILL it), then wait for it to end.
stop_in() {
	local pid=$1 p
	for p in $(descendants "$pid"); do [[ $(ps -o comm= -p "$p") == java ]] && kill -TERM "$p"; done
	for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
	kill "$pid" 2>/dev/null || true
}

answers() { curl -s "$1" | grep -qE "$2"; } # url regex

wait_for() { # seconds description command...
	local deadline=$((SECONDS + $1)) what=$2; shift 2
	until "$@" >/dev/null 2>&1; do
		((SECONDS < deadline)) || { log "FAILED: no $what within the deadline"; return 1; }
		sleep 1
	done
}

check() {
	rm -rf "$CHECK_DIR" && mkdir -p "$CHECK_DIR/data" && chown 10001:10001 "$CHECK_DIR/data"
	local http ui server started job status local_outputs
	# Every socket on loopback (Spark would otherwise pick the address of a network interface).
	local loopback=SPARK_LOCAL_IP=127.0.0.1
	http=$(free_port)

	log "server: health, a retail-sales job, the Spark UI's REST API, the image's HEALTHCHECK command"
	local ctr pid server_ctr
	new_container sparkway-server
	server_ctr=$ctr
	started=$SECONDS
	start_in "$server_ctr" sparkway-server "$CHECK_DIR/server.log" "SERVER_PORT=$http" "$loopback" -- server
	server=$pid
	wait_for 300 "health UP" answers "localhost:$http/actuator/health" '"status":"UP"' || return 1
	log "health UP $((SECONDS - started)) s after start: $(curl -s "localhost:$http/actuator/health" | head -c 160)..."
	buildah run --isolation chroot --env "SERVER_PORT=$http" "$server_ctr" -- /app/entrypoint.sh healthcheck \
		&& log "HEALTHCHECK command: healthy"
	job=$(curl -s -X POST "localhost:$http/api/v1/jobs" -H 'Content-Type: application/json' -d '{"pipeline":"retail-sales"}' \
		| sed -E 's/^\{"id":"([^"]+)".*/\1/')
	started=$SECONDS
	wait_for 600 "ended job" answers "localhost:$http/api/v1/jobs/$job" '"status":"(SUCCEEDED|FAILED|CANCELLED)"' || return 1
	status=$(curl -s "localhost:$http/api/v1/jobs/$job")
	log "job $job: $(grep -oE '"status":"[A-Z]+"' <<< "$status" | head -1) in $((SECONDS - started)) s; $(grep -oE '"summary":\{[^}]*\}' <<< "$status")"
	grep -q '"status":"SUCCEEDED"' <<< "$status" || return 1
	local_outputs=$(grep -oE '"name":"[a-z_]+","location":"[^"]*","format":"parquet","rowCount":[0-9]+' <<< "$status" \
		| sed -E 's/"location":"[^"]*",//')
	curl -s "localhost:$http/api/v1/jobs/$job/outputs/monthly_sales/preview?limit=1" | head -c 300 && echo
	ui=$(grep -oE '"sparkUi":"http://[^:]+:[0-9]+' <<< "$status" | grep -oE '[0-9]+$')
	log "Spark UI REST /api/v1/applications on :$ui: HTTP $(curl -s -o /dev/null -w '%{http_code}' "localhost:$ui/api/v1/applications")"
	log "/data: $(cd "$CHECK_DIR/data" && echo *) (owner uid:gid $(stat -c %u:%g "$CHECK_DIR/data/jobstore.mv.db"))"
	stop_in "$server"
	grep -q 'Graceful shutdown complete' "$CHECK_DIR/server.log" && log "server stopped gracefully on SIGTERM"
	# With the overlay driver the container's upper layer holds whatever the run wrote outside the mounts.
	local mnt
	mnt=$(buildah mount "$server_ctr")
	[[ -d $mnt/../diff ]] && log "root filesystem changes of the run: $(cd "$mnt/../diff" && find . -mindepth 1 -maxdepth 1 -printf '/%P ')"
	buildah umount "$server_ctr" >/dev/null

	log "master and worker modes: the worker registers with the master"
	local master_ctr worker_ctr master worker rpc webui
	rpc=$(free_port); webui=$(free_port)
	new_container sparkway-master
	master_ctr=$ctr
	new_container sparkway-worker
	worker_ctr=$ctr
	started=$SECONDS
	start_in "$master_ctr" sparkway-master "$CHECK_DIR/master.log" \
		"SPARK_MASTER_PORT=$rpc" "SPARK_MASTER_WEBUI_PORT=$webui" "$loopback" -- master
	master=$pid
	start_in "$worker_ctr" sparkway-worker "$CHECK_DIR/worker.log" "SPARK_WORKER_WEBUI_PORT=$(free_port)" \
		"$loopback" -- worker "spark://127.0.0.1:$rpc" --cores 1 --memory 1g
	worker=$pid
	wait_for 180 "registered worker" answers "localhost:$webui/json/" '"aliveworkers" ?: ?1' || return 1
	log "worker registered $((SECONDS - started)) s after start"
	grep -h 'Registering worker\|Successfully registered' "$CHECK_DIR/master.log" "$CHECK_DIR/worker.log" | cut -c1-160

	log "the server on that cluster: the same job on an executor in the worker's container"
	started=$SECONDS
	# As the Helm chart does: executors reach the driver at spark.driver.host (there the headless Service's name).
	start_in "$server_ctr" sparkway-server "$CHECK_DIR/server-cluster.log" "SERVER_PORT=$http" "$loopback" \
		"SPARKWAY_SPARK_MASTER=spark://127.0.0.1:$rpc" \
		'SPRING_APPLICATION_JSON={"sparkway":{"spark":{"conf":{"spark.driver.host":"127.0.0.1"}}}}' -- server
	server=$pid
	wait_for 300 "health UP" answers "localhost:$http/actuator/health" '"status":"UP"' || return 1
	log "health UP $((SECONDS - started)) s after start: $(curl -s "localhost:$http/actuator/health" | grep -oE '"spark":\{"status":"[A-Z]+","details":\{"state":"[A-Z]+","master":"[^"]+"')"
	job=$(curl -s -X POST "localhost:$http/api/v1/jobs" -H 'Content-Type: application/json' -d '{"pipeline":"retail-sales"}' \
		| sed -E 's/^\{"id":"([^"]+)".*/\1/')
	started=$SECONDS
	wait_for 600 "ended job" answers "localhost:$http/api/v1/jobs/$job" '"status":"(SUCCEEDED|FAILED|CANCELLED)"' || return 1
	status=$(curl -s "localhost:$http/api/v1/jobs/$job")
	log "job $job: $(grep -oE '"status":"[A-Z]+"' <<< "$status" | head -1) in $((SECONDS - started)) s; $(grep -oE '"summary":\{[^}]*\}' <<< "$status")"
	grep -q '"status":"SUCCEEDED"' <<< "$status" || { grep -oE '"error":\{[^}]*\}' <<< "$status"; return 1; }
	local cluster_outputs
	cluster_outputs=$(grep -oE '"name":"[a-z_]+","location":"[^"]*","format":"parquet","rowCount":[0-9]+' <<< "$status" \
		| sed -E 's/"location":"[^"]*",//')
	[[ $cluster_outputs == "$local_outputs" ]] || { log "FAILED: outputs differ from local mode: $cluster_outputs"; return 1; }
	log "outputs as in local mode: $(tr '\n' ' ' <<< "$cluster_outputs")"
	ui=$(grep -oE '"sparkUi":"http://[^:]+:[0-9]+' <<< "$status" | grep -oE '[0-9]+$')
	local app
	app=$(curl -s "localhost:$ui/api/v1/applications" | grep -oE '"id" ?: ?"[^"]+"' | head -1 | grep -oE '[^"]+"$' | tr -d '"')
	log "executors of $app: $(curl -s "localhost:$ui/api/v1/applications/$app/executors" | grep -oE '"(id|hostPort|totalTasks)" ?: ?"?[^,"]+"?' | tr -d ' \n')"
	stop_in "$server"
	stop_in "$worker"
	stop_in "$master"
	log "check passed; logs in $CHECK_DIR"
}

case "${1:-all}" in
	base) base ;;
	image) image ;;
	check) check ;;
	all) base && image && check ;;
	*) echo "usage: $0 [base|image|check|all]" >&2; exit 2 ;;
esac
