{{/* Names, after `helm create`. */}}
{{- define "taskplatform-lib.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "taskplatform-lib.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "taskplatform-lib.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "taskplatform-lib.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "taskplatform-lib.selectorLabels" -}}
app.kubernetes.io/name: {{ include "taskplatform-lib.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "taskplatform-lib.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "taskplatform-lib.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: task-platform
{{- end }}

{{- define "taskplatform-lib.secretName" -}}
{{- default (include "taskplatform-lib.fullname" .) .Values.existingSecret }}
{{- end }}

{{/*
Who may call the API: the umbrella chart's global.security when it has one, else the
chart's own security. Rendering fails without an issuer unless security.enabled is false.
*/}}
{{- define "taskplatform-lib.security" -}}
{{- $security := (.Values.global).security | default .Values.security | default dict -}}
{{- /* secured unless told otherwise: a security block without "enabled" is secured */}}
{{- if or (not (hasKey $security "enabled")) $security.enabled }}
{{- if not (or $security.issuerUri $security.jwkSetUri) }}
{{- fail "security.issuerUri (or security.jwkSetUri) is required: the APIs take only bearer tokens of your authorization server. Set security.enabled=false to run them open (behind a gateway that authenticates)." }}
{{- end }}
{{- if and $security.jwkSetUri (not (or $security.issuerUri $security.issuer)) }}
{{- fail "security.issuer is required with security.jwkSetUri: the iss every token must carry (else tokens of any issuer signing with those keys are taken)." }}
{{- end }}
{{- if not $security.audiences }}
{{- fail "security.audiences is required: the aud your authorization server gives this platform's tokens (else a token it issued for another application is taken)." }}
{{- end }}
{{- with $security.issuerUri }}
SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI: {{ . | quote }}
{{- end }}
{{- with $security.jwkSetUri }}
SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI: {{ . | quote }}
{{- end }}
{{- with $security.issuer }}
API_SECURITY_ISSUER: {{ . | quote }}
{{- end }}
{{- with $security.audiences }}
SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES: {{ join "," . | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* The service's settings that are not secret: standard Spring Boot keys. */}}
{{- define "taskplatform-lib.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "taskplatform-lib.fullname" . }}
  labels:
    {{- include "taskplatform-lib.labels" . | nindent 4 }}
data:
  SERVER_PORT: {{ .Values.service.port | quote }}
  MANAGEMENT_SERVER_PORT: {{ .Values.service.managementPort | quote }}
  {{- with .Values.logFormat }}
  LOGGING_STRUCTURED_FORMAT_CONSOLE: {{ . | quote }}
  {{- end }}
  {{- include "taskplatform-lib.security" . | nindent 2 }}
  SPRING_KAFKA_BOOTSTRAP_SERVERS: {{ required "kafka.bootstrapServers is required" .Values.kafka.bootstrapServers | quote }}
  {{- if eq .Values.database.kind "r2dbc" }}
  SPRING_R2DBC_URL: {{ printf "r2dbc:%s" (trimPrefix "jdbc:" .Values.database.url) | quote }}
  SPRING_R2DBC_USERNAME: {{ .Values.database.username | quote }}
  SPRING_FLYWAY_URL: {{ .Values.database.url | quote }}
  SPRING_FLYWAY_USER: {{ .Values.database.username | quote }}
  {{- else }}
  SPRING_DATASOURCE_URL: {{ .Values.database.url | quote }}
  SPRING_DATASOURCE_USERNAME: {{ .Values.database.username | quote }}
  {{- end }}
  {{- range $name, $value := .Values.env }}
  {{ $name }}: {{ $value | quote }}
  {{- end }}
{{- end }}

{{/* Database password and other secret settings, unless an existing Secret is named. */}}
{{- define "taskplatform-lib.secret" -}}
{{- if not .Values.existingSecret }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "taskplatform-lib.fullname" . }}
  labels:
    {{- include "taskplatform-lib.labels" . | nindent 4 }}
type: Opaque
stringData:
  database-password: {{ required "database.password is required (or existingSecret)" .Values.database.password | quote }}
  {{- range $name, $value := .Values.secretEnv }}
  {{ $name }}: {{ $value | quote }}
  {{- end }}
{{- end }}
{{- end }}

{{- define "taskplatform-lib.deployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "taskplatform-lib.fullname" . }}
  labels:
    {{- include "taskplatform-lib.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "taskplatform-lib.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      annotations:
        {{- /* a changed setting or secret rolls the pods */}}
        checksum/config: {{ include "taskplatform-lib.configmap" . | sha256sum }}
        checksum/secret: {{ include "taskplatform-lib.secret" . | sha256sum }}
        {{- with .Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      labels:
        {{- include "taskplatform-lib.selectorLabels" . | nindent 8 }}
    spec:
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        fsGroup: 10001
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          ports:
            - name: http
              containerPort: {{ .Values.service.port }}
              protocol: TCP
            # the actuator (metrics, health details): for Prometheus inside the cluster,
            # never routed from outside
            - name: management
              containerPort: {{ .Values.service.managementPort }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "taskplatform-lib.fullname" . }}
          env:
            - name: {{ ternary "SPRING_R2DBC_PASSWORD" "SPRING_DATASOURCE_PASSWORD" (eq .Values.database.kind "r2dbc") }}
              valueFrom:
                secretKeyRef:
                  name: {{ include "taskplatform-lib.secretName" . }}
                  key: database-password
            {{- if eq .Values.database.kind "r2dbc" }}
            - name: SPRING_FLYWAY_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "taskplatform-lib.secretName" . }}
                  key: database-password
            {{- end }}
            {{- range $name, $value := .Values.secretEnv }}
            - name: {{ $name }}
              valueFrom:
                secretKeyRef:
                  name: {{ include "taskplatform-lib.secretName" $ }}
                  key: {{ $name }}
            {{- end }}
          startupProbe:
            httpGet:
              path: /livez
              port: http
            periodSeconds: 5
            failureThreshold: 36
          livenessProbe:
            httpGet:
              path: /livez
              port: http
            periodSeconds: 10
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
            periodSeconds: 5
            failureThreshold: 3
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{- define "taskplatform-lib.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "taskplatform-lib.fullname" . }}
  labels:
    {{- include "taskplatform-lib.labels" . | nindent 4 }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: {{ .Values.service.port }}
      targetPort: http
      protocol: TCP
      name: http
    - port: {{ .Values.service.managementPort }}
      targetPort: management
      protocol: TCP
      name: management
  selector:
    {{- include "taskplatform-lib.selectorLabels" . | nindent 4 }}
{{- end }}

{{- define "taskplatform-lib.pdb" -}}
{{- if .Values.podDisruptionBudget.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "taskplatform-lib.fullname" . }}
  labels:
    {{- include "taskplatform-lib.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .Values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "taskplatform-lib.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end }}

{{- define "taskplatform-lib.hpa" -}}
{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "taskplatform-lib.fullname" . }}
  labels:
    {{- include "taskplatform-lib.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "taskplatform-lib.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end }}

{{- define "taskplatform-lib.servicemonitor" -}}
{{- if .Values.serviceMonitor.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "taskplatform-lib.fullname" . }}
  labels:
    {{- include "taskplatform-lib.labels" . | nindent 4 }}
spec:
  selector:
    matchLabels:
      {{- include "taskplatform-lib.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: management
      path: /actuator/prometheus
      interval: {{ .Values.serviceMonitor.interval }}
{{- end }}
{{- end }}
