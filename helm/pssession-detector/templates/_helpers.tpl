{{/* Chart name, at most 63 characters. */}}
{{- define "pssession.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-chart unless the release name already contains the chart name. */}}
{{- define "pssession.fullname" -}}
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

{{- define "pssession.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "pssession.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pssession.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "pssession.labels" -}}
helm.sh/chart: {{ include "pssession.chart" . }}
{{ include "pssession.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: pssession-detector
{{- end }}

{{- define "pssession.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pssession.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "pssession.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/* The chart's own Secret holds what no existingSecret provides. */}}
{{- define "pssession.secretName" -}}
{{- include "pssession.fullname" . }}
{{- end }}

{{- define "pssession.chartSecretNeeded" -}}
{{- if or (not .Values.database.existingSecret) (not .Values.apiKeys.existingSecret) }}true{{ end }}
{{- end }}

{{- define "pssession.databaseSecretName" -}}
{{- .Values.database.existingSecret | default (include "pssession.secretName" .) }}
{{- end }}

{{- define "pssession.databasePasswordKey" -}}
{{- if .Values.database.existingSecret }}{{ .Values.database.existingSecretPasswordKey }}{{ else }}database-password{{ end }}
{{- end }}

{{- define "pssession.apiKeysSecretName" -}}
{{- .Values.apiKeys.existingSecret | default (include "pssession.secretName" .) }}
{{- end }}

{{- define "pssession.apiKeysKey" -}}
{{- if .Values.apiKeys.existingSecret }}{{ .Values.apiKeys.existingSecretKey }}{{ else }}api-keys.yml{{ end }}
{{- end }}

{{/* api-keys.yml: the property list pssession.security.api-keys. */}}
{{- define "pssession.apiKeysYaml" -}}
{{- $keys := list }}
{{- range .Values.apiKeys.keys }}
{{- $keys = append $keys (dict "name" .name "role" .role "sha256" (lower .sha256)) }}
{{- end }}
{{- dict "pssession" (dict "security" (dict "api-keys" $keys)) | toYaml }}
{{- end }}

{{/* application.yml for the ConfigMap. */}}
{{- define "pssession.applicationYaml" -}}
{{- $c := .Values.config }}
{{- $detection := dict "ctime-zone" $c.detection.ctimeZone "companion" $c.detection.companion }}
{{- if .Values.escuContent.volume }}
{{- $_ := set $detection "escu-content" .Values.escuContent.mountPath }}
{{- end }}
{{- $app := dict "pssession" (dict
      "detection" $detection
      "risk" (dict "window" $c.risk.window "window-offset" $c.risk.windowOffset)
      "ingest" (dict "max-body-size" $c.ingest.maxBodySize)) }}
{{- if $c.logging.structuredFormat }}
{{- $_ := set $app "logging" (dict "structured" (dict "format" (dict "console" $c.logging.structuredFormat))) }}
{{- end }}
{{- with .Values.kafka }}{{- if .enabled }}
{{- /* Kafka intake (docs/kafka.md) */}}
{{- if not .bootstrapServers }}{{- fail "kafka.enabled needs kafka.bootstrapServers" }}{{- end }}
{{- if not .topics }}{{- fail "kafka.enabled needs at least one of kafka.topics" }}{{- end }}
{{- $topics := list }}
{{- range .topics }}{{- $topics = append $topics (printf "%s:%s" .name .format) }}{{- end }}
{{- $_ := set $app.pssession "kafka" (dict "enabled" true "topics" $topics "group-id" .groupId
      "concurrency" .concurrency "format-header" .formatHeader "dead-letter-topic" .deadLetterTopic) }}
{{- $springKafka := dict "bootstrap-servers" .bootstrapServers "consumer" (dict "max-poll-records" .maxPollRecords) }}
{{- $_ := set $app "spring" (dict "kafka" (mustMergeOverwrite $springKafka (deepCopy .springKafka))) }}
{{- end }}{{- end }}
{{- mustMergeOverwrite $app (deepCopy $c.extra) | toYaml }}
{{- end }}
