#!/usr/bin/env bash
# Entrypoint of the Sparkway image. The first argument picks what the container runs:
#   server [args]              the Sparkway server (default); args are Spring Boot arguments (--key=value)
#   master [args]              a Spark standalone Master   (org.apache.spark.deploy.master.Master args)
#   worker <master-url> [args] a Spark standalone Worker   (org.apache.spark.deploy.worker.Worker args)
#   healthcheck                exit 0 when what this container runs answers over HTTP (used by HEALTHCHECK)
# Anything else is run as a command (e.g. bash). JAVA_OPTS is added to every JVM.
set -euo pipefail

readonly mode_file=/tmp/.sparkway-mode

# The server's --add-opens come from application.jar's Add-Opens manifest entry (honoured by java -jar); the
# master and worker use the same list, written to spark-add-opens.args from that manifest at build time.
spark_class() {
	exec java ${JAVA_OPTS:-} @/app/spark/add-opens.args -cp '/app/spark/conf/:/app/lib/*' "$@"
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
