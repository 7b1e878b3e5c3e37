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

{{/* "true" when office files go to the local volume (no S3 bucket configured). */}}
{{- define "vireo.localMedia" -}}
{{- if and .Values.media.persistence.enabled (not .Values.config.AWS_STORAGE_BUCKET_NAME) }}true{{ end }}
{{- end }}

{{- define "vireo.mediaClaim" -}}
{{- default (printf "%s-media" (include "vireo.fullname" .)) .Values.media.persistence.existingClaim }}
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
{{- if include "vireo.localMedia" . }}
MEDIA_ROOT: "/data/media"
{{- end }}
{{- /* The FTP scan intake (modules/mail/ftp.py): on the pod's address, its passive range,
the public address it announces, FTPS from the mounted Secret. */}}
MAIL_FTP_ADDRESS: {{ printf "0.0.0.0:%v" .Values.ftp.controlPort | quote }}
MAIL_FTP_PASSIVE_PORTS: {{ printf "%v-%v" .Values.ftp.passivePorts.start .Values.ftp.passivePorts.end | quote }}
{{- with .Values.ftp.publicAddress }}
MAIL_FTP_MASQUERADE: {{ . | quote }}
{{- end }}
{{- if .Values.ftp.tls.secretName }}
MAIL_FTP_TLS_CERT: "/etc/vireo/ftp-tls/tls.crt"
MAIL_FTP_TLS_KEY: "/etc/vireo/ftp-tls/tls.key"
MAIL_FTP_TLS_REQUIRED: {{ .Values.ftp.tls.required | toString | quote }}
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
context and mounts. Usage: include "vireo.containerCommon" . | nindent 10 (the FTP
container passes (dict "ctx" . "ftpTls" true) to mount its certificate)
*/}}
{{- define "vireo.containerCommon" -}}
{{- $ctx := .ctx | default . }}
image: {{ include "vireo.image" $ctx | quote }}
imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
envFrom:
  - configMapRef:
      name: {{ include "vireo.fullname" $ctx }}
  - secretRef:
      name: {{ include "vireo.secretName" $ctx }}
{{- with $ctx.Values.extraEnv }}
env:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml $ctx.Values.securityContext | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
  {{- if include "vireo.localMedia" $ctx }}
  - name: media
    mountPath: /data/media
  {{- end }}
  {{- if and .ftpTls $ctx.Values.ftp.tls.secretName }}
  - name: ftp-tls
    mountPath: /etc/vireo/ftp-tls
    readOnly: true
  {{- end }}
{{- end }}

{{/*
Pod-level settings shared by every process. Usage:
include "vireo.podCommon" . | nindent 6
*/}}
{{- define "vireo.podCommon" -}}
{{- $ctx := .ctx | default . }}
automountServiceAccountToken: false
{{- with $ctx.Values.serviceAccountName }}
serviceAccountName: {{ . }}
{{- end }}
{{- with $ctx.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml $ctx.Values.podSecurityContext | nindent 2 }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: 1Gi
  {{- if include "vireo.localMedia" $ctx }}
  - name: media
    persistentVolumeClaim:
      claimName: {{ include "vireo.mediaClaim" $ctx }}
  {{- end }}
  {{- if and .ftpTls $ctx.Values.ftp.tls.secretName }}
  - name: ftp-tls
    secret:
      secretName: {{ $ctx.Values.ftp.tls.secretName }}
      defaultMode: 0440
  {{- end }}
{{- with $ctx.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $ctx.Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $ctx.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
