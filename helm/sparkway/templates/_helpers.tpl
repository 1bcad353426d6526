{{/* Chart name, truncated to 63 characters (a DNS label). */}}
{{- define "sparkway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Resource name prefix: <release>-<chart>, or the release name when it already contains the chart name.
     Truncated to 40 characters so that the longest suffix (-spark-master) still fits a 63-character Service name. */}}
{{- define "sparkway.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "sparkway.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "sparkway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "sparkway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sparkway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sparkway.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "sparkway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sparkway.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "sparkway.driverServiceName" -}}
{{- printf "%s-driver" (include "sparkway.fullname" .) -}}
{{- end -}}

{{- define "sparkway.masterServiceName" -}}
{{- printf "%s-spark-master" (include "sparkway.fullname" .) -}}
{{- end -}}

{{- define "sparkway.dataClaimName" -}}
{{- default (printf "%s-data" (include "sparkway.fullname" .)) .Values.persistence.existingClaim -}}
{{- end -}}

{{/* The master URL the server's SparkSession uses. */}}
{{- define "sparkway.sparkMaster" -}}
{{- if eq .Values.spark.mode "standalone" -}}
{{- printf "spark://%s:%d" (include "sparkway.masterServiceName" .) (int .Values.spark.standalone.master.port) -}}
{{- else if eq .Values.spark.mode "external" -}}
{{- required "spark.mode=external needs spark.master (spark://host:port)" .Values.spark.master -}}
{{- else -}}
{{- .Values.spark.localMaster -}}
{{- end -}}
{{- end -}}

{{/* The Secret and key holding Spark's RPC secret (spark.mode standalone and external). */}}
{{- define "sparkway.sparkAuthSecretName" -}}
{{- default (include "sparkway.fullname" .) .Values.spark.auth.existingSecret -}}
{{- end -}}

{{- define "sparkway.sparkAuthSecretKey" -}}
{{- ternary .Values.spark.auth.existingSecretKey "spark-auth-secret" (not (empty .Values.spark.auth.existingSecret)) -}}
{{- end -}}

{{/* Whether Spark RPC is authenticated: a cluster mode with a secret (standalone mode always has one). */}}
{{- define "sparkway.sparkAuth" -}}
{{- if and (ne .Values.spark.mode "local") (or .Values.spark.auth.secret .Values.spark.auth.existingSecret (eq .Values.spark.mode "standalone")) -}}
true
{{- end -}}
{{- end -}}

{{/* The chart's own RPC secret, base64: the configured one, else the one the release already has (stable across
     upgrades), else a new random one. */}}
{{- define "sparkway.sparkAuthSecretData" -}}
{{- if .Values.spark.auth.secret -}}
{{- .Values.spark.auth.secret | b64enc -}}
{{- else -}}
{{- $existing := lookup "v1" "Secret" .Release.Namespace (include "sparkway.fullname" .) -}}
{{- if and $existing (hasKey $existing.data "spark-auth-secret") -}}
{{- index $existing.data "spark-auth-secret" -}}
{{- else -}}
{{- randAlphaNum 48 | b64enc -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The RPC secret and Spark's security switches for a server, master or worker container: from the Secret
     through the environment, never on a command line; the image's entrypoint turns them into Spark's own. */}}
{{- define "sparkway.sparkAuthEnv" -}}
{{- if include "sparkway.sparkAuth" . }}
- name: SPARKWAY_SPARK_AUTH_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "sparkway.sparkAuthSecretName" . }}
      key: {{ include "sparkway.sparkAuthSecretKey" . }}
{{- end }}
{{- if .Values.spark.encryption }}
- name: SPARKWAY_SPARK_ENCRYPTION
  value: "true"
{{- end }}
{{- end -}}

{{/* Values that cannot be checked by values.schema.json alone; fails the render with what to change. */}}
{{- define "sparkway.validateValues" -}}
{{- if and .Values.security.enabled (not .Values.security.keys) (not .Values.security.existingSecret) -}}
{{- fail "security.enabled=true needs at least one API key: set security.keys (name, sha256, roles) or security.existingSecret, or security.enabled=false for an open server" -}}
{{- end -}}
{{- if and (eq .Values.jobStore.type "postgresql") (not .Values.jobStore.postgresql.url) -}}
{{- fail "jobStore.type=postgresql needs jobStore.postgresql.url (jdbc:postgresql://host:5432/db)" -}}
{{- end -}}
{{- if and (eq .Values.jobStore.type "postgresql") (not .Values.jobStore.postgresql.password) (not .Values.jobStore.postgresql.existingSecret) -}}
{{- fail "jobStore.type=postgresql needs jobStore.postgresql.password or jobStore.postgresql.existingSecret" -}}
{{- end -}}
{{- if lt (int .Values.terminationGracePeriodSeconds) (add (int .Values.jobs.shutdownGraceSeconds) 15 | int) -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be at least jobs.shutdownGraceSeconds + 15 (%d): the server drains running jobs before Spark stops" (int .Values.terminationGracePeriodSeconds) (add (int .Values.jobs.shutdownGraceSeconds) 15 | int)) -}}
{{- end -}}
{{- if and (eq .Values.spark.mode "external") .Values.security.enabled (not (include "sparkway.sparkAuth" .)) -}}
{{- fail "spark.mode=external with security.enabled=true needs spark.auth.existingSecret (or spark.auth.secret): the RPC secret your cluster's master and workers have (spark.authenticate); the server refuses an unauthenticated cluster" -}}
{{- end -}}
{{- if and .Values.spark.encryption (eq .Values.spark.mode "external") (not (include "sparkway.sparkAuth" .)) -}}
{{- fail "spark.encryption=true needs spark.auth.existingSecret or spark.auth.secret in external mode" -}}
{{- end -}}
{{- if eq .Values.spark.mode "standalone" -}}
{{- if not .Values.persistence.enabled -}}
{{- fail "spark.mode=standalone needs persistence.enabled=true: the workers' executors read inputs and write outputs under /data, so /data must be one ReadWriteMany volume shared with the server" -}}
{{- end -}}
{{- if and (not .Values.persistence.existingClaim) (not (has "ReadWriteMany" .Values.persistence.accessModes)) -}}
{{- fail "spark.mode=standalone needs persistence.accessModes [ReadWriteMany] (or an existingClaim of such a volume): the server and every worker mount /data" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The application.yml of the ConfigMap: read after the image's own configuration, so it only holds what the
     chart decides; `config` is merged last. */}}
{{- define "sparkway.applicationYaml" -}}
{{- $sparkConf := dict "spark.ui.port" (toString .Values.sparkUiService.port) -}}
{{- if ne .Values.spark.mode "local" -}}
{{- /* Executors connect back to the driver: a stable name (the headless Service) and fixed ports. */ -}}
{{- $_ := set $sparkConf "spark.driver.host" (printf "%s.%s.svc.%s" (include "sparkway.driverServiceName" .) .Release.Namespace .Values.clusterDomain) -}}
{{- $_ := set $sparkConf "spark.driver.bindAddress" "0.0.0.0" -}}
{{- $_ := set $sparkConf "spark.driver.port" (toString .Values.spark.driver.port) -}}
{{- $_ := set $sparkConf "spark.driver.blockManager.port" (toString .Values.spark.driver.blockManagerPort) -}}
{{- end -}}
{{- $sparkConf = mustMergeOverwrite $sparkConf (deepCopy .Values.spark.conf) -}}
{{- $jobs := dict "max-concurrent" .Values.jobs.maxConcurrent "queue-capacity" .Values.jobs.queueCapacity "default-timeout" .Values.jobs.defaultTimeout "shutdown-grace" (printf "%ds" (int .Values.jobs.shutdownGraceSeconds)) -}}
{{- $sparkway := dict "spark" (dict "master" (include "sparkway.sparkMaster" .) "conf" $sparkConf "encryption" .Values.spark.encryption) "jobs" $jobs "security" (dict "enabled" .Values.security.enabled) -}}
{{- $app := dict "sparkway" $sparkway -}}
{{- if eq .Values.jobStore.type "postgresql" -}}
{{- $_ := set $app "spring" (dict "datasource" (dict "url" .Values.jobStore.postgresql.url "username" .Values.jobStore.postgresql.username)) -}}
{{- end -}}
{{- $app = mustMergeOverwrite $app (deepCopy .Values.config) -}}
{{- toYaml $app -}}
{{- end -}}
