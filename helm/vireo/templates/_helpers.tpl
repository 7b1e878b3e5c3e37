{{/* Chart name. */}}
{{- define "vireo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name (release-based, max 63 chars). */}}
{{- define "vireo.fullname" -}}
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

{{- define "vireo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Common labels. */}}
{{- define "vireo.labels" -}}
helm.sh/chart: {{ include "vireo.chart" . }}
app.kubernetes.io/name: {{ include "vireo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels for one component.
Usage: include "vireo.selectorLabels" (dict "ctx" $ "component" "web")
*/}}
{{- define "vireo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vireo.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Common + component labels. Same argument as vireo.selectorLabels. */}}
{{- define "vireo.componentLabels" -}}
{{ include "vireo.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "vireo.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Name of the Secret holding the secret environment. */}}
{{- define "vireo.secretName" -}}
{{- default (include "vireo.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/* ConfigMap data: non-empty .Values.config entries plus derived values. */}}
{{- define "vireo.configData" -}}
PLATFORM_DOMAIN: {{ required "platformDomain is required" .Values.platformDomain | quote }}
WEB_CONCURRENCY: {{ .Values.web.concurrency | quote }}
{{- /* Working files only (uploads being checked, FTP uploads until stored): the pod's
writable emptyDir, as the root filesystem is read-only. */}}
SPOOL_ROOT: "/tmp/spool"
{{- if .Values.media.persistence.enabled }}
MEDIA_ROOT: "/data/media"
{{- end }}
{{- range $key, $value := .Values.config }}
{{- if or (kindIs "bool" $value) (not (empty $value)) }}
{{ $key }}: {{ toString $value | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* Secret data (base64): non-empty .Values.secrets.values entries. */}}
{{- define "vireo.secretData" -}}
{{- $values := .Values.secrets.values }}
{{- range $key := list "DATABASE_URL" "REDIS_URL" "SECRET_KEY" }}
{{- $_ := required (printf "secrets.values.%s is required unless secrets.existingSecret is set" $key) (get $values $key) }}
{{- end }}
{{- range $key, $value := $values }}
{{- if not (empty $value) }}
{{ $key }}: {{ toString $value | b64enc | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Pod annotations: user annotations plus checksums so that pods roll when the
configuration changes.
*/}}
{{- define "vireo.podAnnotations" -}}
checksum/config: {{ include "vireo.configData" . | sha256sum }}
{{- if not .Values.secrets.existingSecret }}
checksum/secret: {{ include "vireo.secretData" . | sha256sum }}
{{- end }}
{{- with .Values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Container settings shared by every process: image, environment, security
context and mounts. Usage: include "vireo.containerCommon" . | nindent 10
*/}}
{{- define "vireo.containerCommon" -}}
image: {{ include "vireo.image" . | quote }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
envFrom:
  - configMapRef:
      name: {{ include "vireo.fullname" . }}
  - secretRef:
      name: {{ include "vireo.secretName" . }}
{{- with .Values.extraEnv }}
env:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.securityContext | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
  {{- if .Values.media.persistence.enabled }}
  - name: media
    mountPath: /data/media
  {{- end }}
{{- end }}

{{/*
Pod-level settings shared by every process. Usage:
include "vireo.podCommon" . | nindent 6
*/}}
{{- define "vireo.podCommon" -}}
automountServiceAccountToken: false
{{- with .Values.serviceAccountName }}
serviceAccountName: {{ . }}
{{- end }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
volumes:
  - name: tmp
    emptyDir: {}
  {{- if .Values.media.persistence.enabled }}
  - name: media
    persistentVolumeClaim:
      claimName: {{ required "media.persistence.existingClaim is required when media.persistence.enabled" .Values.media.persistence.existingClaim }}
  {{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
