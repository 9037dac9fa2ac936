{{/* The Kubernetes name of a service, from its key in .Values.services */}}
{{- define "wk.name" -}}
{{- if eq . "gateway" -}}api-gateway{{- else -}}{{ . }}-service{{- end -}}
{{- end -}}

{{/* Labels every object carries; the selector is app.kubernetes.io/name alone (as quarkus-kubernetes writes it) */}}
{{- define "wk.labels" -}}
app.kubernetes.io/part-of: watchkeeper
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- with .name }}
app.kubernetes.io/name: {{ . }}
{{- end }}
{{- end -}}

{{- define "wk.image" -}}
{{ .Values.image.registry }}/{{ .Values.image.repository }}/{{ .name }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "wk.secretName" -}}
{{ .svc.existingSecret | default (printf "%s-secrets" .name) }}
{{- end -}}

{{/* Where a service's configuration comes from: shared settings, its own, its Secret (same order as quarkus-kubernetes) */}}
{{- define "wk.envFrom" -}}
- configMapRef:
    name: {{ .name }}-config
- secretRef:
    name: {{ include "wk.secretName" . }}
- configMapRef:
    name: watchkeeper-config
{{- end -}}

{{/* CloudNativePG: the password its operator made for the service's database */}}
{{- define "wk.dbPasswordEnv" -}}
{{- if .root.Values.postgresql.cloudNativePG.enabled }}
- name: WK_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .name }}-db-app
      key: password
{{- end }}
{{- end -}}

{{- define "wk.containerSecurityContext" -}}
allowPrivilegeEscalation: false
capabilities:
  drop:
    - ALL
readOnlyRootFilesystem: true
{{- end -}}
