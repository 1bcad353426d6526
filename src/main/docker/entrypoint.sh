#!/usr/bin/env bash
# Entrypoint of the Sparkway image. The first argument picks what the container runs:
#   server [args]              the Sparkway server (default); args are Spring Boot arguments (--key=value)
#   master [args]              a Spark standalone Master   (org.apache.spark.deploy.master.Master args)
#   worker <master-url> [args] a Spark standalone Worker   (org.apache.spark.deploy.worker.Worker args)
#   healthcheck                exit 0 when what this container runs answers over HTTP (used by HEALTHCHECK)
# Anything else is run as a command (e.g. bash). JAVA_OPTS is added to every JVM.
# Spark's own network, for the server, the master and the workers alike (docs/security.md):
#   SPARKWAY_SPARK_AUTH_SECRET  shared RPC secret: spark.authenticate on (the server reads it as sparkway.spark.auth-secret;
#                               the master and workers get it as _SPARK_AUTH_SECRET, Spark's environment variable for it,
#                               so it never appears on a command line)
#   SPARKWAY_SPARK_ENCRYPTION   true: encrypted RPC and block transfers, encrypted local shuffle and spill files
set -euo pipefail

readonly mode_file=/tmp/.sparkway-mode

# The server's --add-opens come from application.jar's Add-Opens manifest entry (honoured by java -jar); the
# master and worker use the same list, written to spark-add-opens.args from that manifest at build time.
spark_class() {
	local security=()
	if [[ -n ${SPARKWAY_SPARK_AUTH_SECRET:-} ]]; then
		export _SPARK_AUTH_SECRET=$SPARKWAY_SPARK_AUTH_SECRET
		unset SPARKWAY_SPARK_AUTH_SECRET
		security+=(-Dspark.authenticate=true)
	else
		echo "WARNING: SPARKWAY_SPARK_AUTH_SECRET is not set: this Spark $mode accepts unauthenticated applications" >&2
	fi
	if [[ ${SPARKWAY_SPARK_ENCRYPTION:-false} == true ]]; then
		security+=(-Dspark.network.crypto.enabled=true -Dspark.io.encryption.enabled=true)
	fi
	# The master's REST submission server (6066) would take jobs outside spark.authenticate: kept off.
	exec java ${JAVA_OPTS:-} @/app/spark/add-opens.args "${security[@]}" -Dspark.master.rest.enabled=false \
		-cp '/app/spark/conf/:/app/lib/*' "$@"
}

http_ok() { # port path: 0 when GET answers 200
	local status
	exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
	printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
	read -r _ status _ <&3 || return 1
	exec 3<&-
	[[ $status == 200 ]]
}

mode=${1:-server}
[[ $# -gt 0 ]] && shift
case "$mode" in
	server | -*)
		[[ $mode == -* ]] && set -- "$mode" "$@"
		echo server > "$mode_file" || true
		exec java ${JAVA_OPTS:-} -jar /app/application.jar "$@"
		;;
	master)
		echo master > "$mode_file" || true
		spark_class org.apache.spark.deploy.master.Master "$@"
		;;
	worker)
		echo worker > "$mode_file" || true
		spark_class org.apache.spark.deploy.worker.Worker "$@"
		;;
	healthcheck)
		case "$(cat "$mode_file" 2>/dev/null || echo server)" in
			master) http_ok "${SPARK_MASTER_WEBUI_PORT:-8080}" /json/ ;;
			worker) http_ok "${SPARK_WORKER_WEBUI_PORT:-8081}" /json/ ;;
			*) http_ok "${SERVER_PORT:-8080}" /actuator/health/liveness ;;
		esac
		;;
	*)
		exec "$mode" "$@"
		;;
esac
