{{/*
Names and labels. Every object of a service is named "<fullname>-<service>" and labelled with the
app.kubernetes.io/* recommended labels; app.kubernetes.io/component is the service.
*/}}

{{- define "atrium.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "atrium.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "atrium.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The name of one service's objects. Call with (dict "root" $ "name" "<service>"). */}}
{{- define "atrium.componentName" -}}
{{- printf "%s-%s" (include "atrium.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select the pods of the whole release. */}}
{{- define "atrium.releaseSelectorLabels" -}}
app.kubernetes.io/name: {{ include "atrium.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels that select one service's pods. Call with (dict "root" $ "name" "<service>"). */}}
{{- define "atrium.selectorLabels" -}}
{{ include "atrium.releaseSelectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* Every label of one service's objects. Call with (dict "root" $ "name" "<service>"). */}}
{{- define "atrium.labels" -}}
helm.sh/chart: {{ include "atrium.chart" .root }}
{{ include "atrium.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: atrium
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{/*
One service's settings: `defaults` with the service's own entry merged over it, as YAML (read it back with fromYaml).
Call with (dict "root" $ "name" "<service>").
*/}}
{{- define "atrium.service" -}}
{{- $own := index .root.Values.services .name }}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.defaults) (deepCopy $own)) }}
{{- end }}

{{/* The image of one service. Call with (dict "root" $ "name" "<service>" "svc" $svc). */}}
{{- define "atrium.image" -}}
{{- $image := .svc.image | default dict }}
{{- $repository := $image.repository | default (printf "%s/%s" .root.Values.image.repositoryPrefix .name) }}
{{- $tag := $image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- printf "%s:%s" $repository $tag }}
{{- end }}

{{/* The in-cluster base URL of a service. Call with (dict "root" $ "name" "<service>"). */}}
{{- define "atrium.serviceUrl" -}}
{{- $own := index .root.Values.services .name }}
{{- printf "http://%s:%v" (include "atrium.componentName" .) $own.port }}
{{- end }}

{{/* Whether the service is a Kafka consumer group KEDA can watch. */}}
{{- define "atrium.usesKeda" -}}
{{- if and .svc.keda.enabled .svc.consumerGroup }}true{{ end }}
{{- end }}

{{/*
Checks that hold across values, failing the render with a message: the services a service calls exist and are
enabled; a consumer runs no more replicas than its topics have partitions (unless
kafka.enforceReplicasWithinPartitions is false); KEDA's Kafka scaler connects the way the services do; with
NetworkPolicy on, a service that needs an external provider's signing keys may reach it.
Call with (dict "root" $ "name" "<service>" "svc" $svc).
*/}}
{{- define "atrium.check" -}}
{{- $root := .root }}
{{- $v := $root.Values }}
{{- range .svc.calls }}
{{- $other := index $v.services . }}
{{- if not (and $other $other.enabled) }}
{{- fail (printf "services.%s.calls names %s, which is not an enabled service" $.name .) }}
{{- end }}
{{- end }}
{{- if and .svc.consumerGroup $v.kafka.enforceReplicasWithinPartitions }}
{{- $partitions := int $v.kafka.topics.partitions }}
{{- $most := int .svc.replicaCount }}
{{- $which := "replicaCount" }}
{{- if or .svc.autoscaling.enabled .svc.keda.enabled }}{{ $most = int .svc.autoscaling.maxReplicas }}{{ $which = "autoscaling.maxReplicas" }}{{ end }}
{{- if gt $most $partitions }}
{{- fail (printf "services.%s.%s is %d but kafka.topics.partitions is %d: the Kafka consumers of %d pods would get no partition and idle (those pods still serve HTTP). Raise the partitions first, lower the replicas, or set kafka.enforceReplicasWithinPartitions=false to run them anyway" .name $which $most $partitions (sub $most $partitions)) }}
{{- end }}
{{- end }}
{{- if and .svc.keda.enabled (not .svc.consumerGroup) }}
{{- fail (printf "services.%s.keda.enabled needs a consumerGroup (only Kafka consumers scale on lag)" .name) }}
{{- end }}
{{- if include "atrium.usesKeda" (dict "svc" .svc) }}
{{- $keda := $v.kafka.keda }}
{{- $protocol := $v.kafka.env.SPRING_KAFKA_SECURITY_PROTOCOL | default $v.kafka.env.SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL | default "" | toString | upper }}
{{- if and (has $protocol (list "SSL" "SASL_SSL")) (not $keda.tls) }}
{{- fail (printf "services.%s.keda.enabled: the services reach Kafka over %s (kafka.env) but KEDA's lag scaler would not; set kafka.keda.tls=true and kafka.keda.authenticationRef to a TriggerAuthentication with the brokers' CA (deploy/helm/examples/keda-trigger-authentication.yaml)" .name $protocol) }}
{{- end }}
{{- if and (hasPrefix "SASL_" $protocol) (not $keda.sasl) }}
{{- fail (printf "services.%s.keda.enabled: the services authenticate to Kafka with %s (kafka.env) but KEDA's lag scaler would not; set kafka.keda.sasl and kafka.keda.authenticationRef (a TriggerAuthentication with username and password)" .name $protocol) }}
{{- end }}
{{- if and $keda.sasl (not $keda.authenticationRef) }}
{{- fail "kafka.keda.sasl needs kafka.keda.authenticationRef: a TriggerAuthentication with the username and password" }}
{{- end }}
{{- end }}
{{- if and .svc.database (not .svc.database.existingSecret) }}
{{- fail (printf "services.%s.database.existingSecret must name the Secret with the database user and password" .name) }}
{{- end }}
{{- $authServer := index $v.services "auth-server" }}
{{- $keysInRelease := and $authServer.enabled (not $v.oidc.jwkSetUri) }}
{{- if and $v.networkPolicy.enabled (ne .name "auth-server") (not $keysInRelease) (not $v.oidc.egress) }}
{{- fail (printf "oidc.egress is empty: services.%s fetches the token signing keys from %s, outside the release, and no NetworkPolicy would let it (networkPolicy.enabled). Set oidc.egress to the provider's addresses (and oidc.egressPorts), or enable services.auth-server" .name ($v.oidc.jwkSetUri | default (printf "%s (OIDC discovery)" $v.oidc.issuer))) }}
{{- end }}
{{- end }}

{{/*
Kafka bootstrap servers as KEDA's operator must see them: it resolves names in its own namespace, so a host without a
dot (a Service of the release's namespace, e.g. atrium-kafka-bootstrap) gets ".<release namespace>.svc".
*/}}
{{- define "atrium.kedaBootstrapServers" -}}
{{- $servers := list }}
{{- range splitList "," .Values.kafka.bootstrapServers }}
{{- $server := trim . }}
{{- $host := regexReplaceAll ":[0-9]+$" $server "" }}
{{- if and $server (not (contains "." $host)) (not (hasPrefix "[" $host)) }}
{{- $server = printf "%s.%s.svc%s" $host $.Release.Namespace (trimPrefix $host $server) }}
{{- end }}
{{- if $server }}{{ $servers = append $servers $server }}{{ end }}
{{- end }}
{{- join "," $servers }}
{{- end }}

{{/*
The environment of one service, into its ConfigMap: ports, issuer, Kafka, its database URL, the services it calls,
JVM options, tracing, and the service's own `env`. Call with (dict "root" $ "name" "<service>" "svc" $svc).
*/}}
{{- define "atrium.configData" -}}
{{- $root := .root }}
{{- $v := $root.Values }}
{{- $svc := .svc }}
{{- $env := dict }}
{{- $_ := set $env "SERVER_PORT" (toString $svc.port) }}
{{- $_ := set $env "ATRIUM_MANAGEMENT_PORT" (toString $svc.managementPort) }}
{{- $_ := set $env "JAVA_TOOL_OPTIONS" $svc.javaToolOptions }}
{{- $_ := set $env "ATRIUM_SECURITY_ISSUER" $v.oidc.issuer }}
{{- $authServer := index $v.services "auth-server" }}
{{- if $v.oidc.jwkSetUri }}
{{- $_ := set $env "ATRIUM_SECURITY_JWKSETURI" $v.oidc.jwkSetUri }}
{{- else if and $authServer.enabled (ne .name "auth-server") }}
{{- $_ := set $env "ATRIUM_SECURITY_JWKSETURI" (printf "%s/oauth2/jwks" (include "atrium.serviceUrl" (dict "root" $root "name" "auth-server"))) }}
{{- end }}
{{- if $v.oidc.rolesClaim }}
{{- $_ := set $env "ATRIUM_SECURITY_ROLESCLAIM" $v.oidc.rolesClaim }}
{{- end }}
{{- $_ := set $env "MANAGEMENT_TRACING_SAMPLING_PROBABILITY" (toString $v.observability.otlp.samplingProbability) }}
{{- if $v.observability.otlp.tracesEndpoint }}
{{- $_ := set $env "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT" $v.observability.otlp.tracesEndpoint }}
{{- end }}
{{- if $svc.kafka }}
{{- $_ := set $env "ATRIUM_KAFKA_BOOTSTRAP_SERVERS" $v.kafka.bootstrapServers }}
{{- $_ := set $env "ATRIUM_EVENTS_PARTITIONS" (toString $v.kafka.topics.partitions) }}
{{- $_ := set $env "ATRIUM_EVENTS_REPLICATIONFACTOR" (toString $v.kafka.topics.replicationFactor) }}
{{- range $key, $value := $v.kafka.env }}
{{- $_ := set $env $key (toString $value) }}
{{- end }}
{{- end }}
{{- with $svc.database }}
{{- $url := printf "jdbc:postgresql://%s:%v/%s" $v.postgresql.host $v.postgresql.port .name }}
{{- if $v.postgresql.parameters }}{{ $url = printf "%s?%s" $url $v.postgresql.parameters }}{{ end }}
{{- $_ := set $env .jdbcUrlEnv $url }}
{{- end }}
{{- range $svc.calls }}
{{- $_ := set $env (printf "ATRIUM_%s_URL" (. | upper | replace "-" "_")) (include "atrium.serviceUrl" (dict "root" $root "name" .)) }}
{{- end }}
{{- if eq .name "auth-server" }}
{{- $_ := set $env "ATRIUM_AUTH_ISSUER" $v.oidc.issuer }}
{{- $_ := set $env "ATRIUM_WEB_ORIGINS" $v.publicUrl }}
{{- $keys := list }}
{{- range $svc.signingKeys.keys }}{{ $keys = append $keys (printf "/etc/atrium/auth-keys/%s" .) }}{{ end }}
{{- $_ := set $env "ATRIUM_AUTH_KEYS" (join "," $keys) }}
{{- end }}
{{- if eq .name "gateway" }}
{{- $_ := set $env "ATRIUM_CORS_ORIGINS" $v.publicUrl }}
{{- $_ := set $env "ATRIUM_WEB_ISSUER" $v.oidc.issuer }}
{{- $_ := set $env "ATRIUM_WEB_CLIENT_ID" $v.oidc.webClientId }}
{{- if $v.redis.enabled }}
{{- $_ := set $env "ATRIUM_RATE_LIMIT_STORE" "redis" }}
{{- $_ := set $env "SPRING_DATA_REDIS_HOST" $v.redis.host }}
{{- $_ := set $env "SPRING_DATA_REDIS_PORT" (toString $v.redis.port) }}
{{- end }}
{{- end }}
{{- if eq .name "notification-service" }}
{{- $_ := set $env "ATRIUM_APP_URL" $v.publicUrl }}
{{- end }}
{{- range $key, $value := $svc.env }}
{{- $_ := set $env $key (toString $value) }}
{{- end }}
{{- toYaml $env }}
{{- end }}
