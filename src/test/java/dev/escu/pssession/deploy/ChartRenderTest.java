package dev.escu.pssession.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.JsonNode;

/** {@code helm template} with the default values, the fully-enabled values and a few variations. */
class ChartRenderTest {

    private static final String APP_LABEL = "app.kubernetes.io/name";
    private static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

    @Nested
    class Defaults {

        private final Chart.Manifests rendered = Chart.renderDefaults();

        @Test
        void rendersTheCoreKindsOnly() {
            assertThat(rendered.kinds()).containsOnlyKeys(
                    "Deployment", "Service", "ConfigMap", "Secret", "ServiceAccount", "PodDisruptionBudget");
            assertThat(rendered.kinds().values()).containsOnly(1);
        }

        @Test
        void everythingIsNamedAndNamespacedForTheRelease() {
            assertThat(rendered.all()).allSatisfy(m -> {
                assertThat(m.path("metadata").path("name").asString()).isEqualTo(Chart.FULLNAME);
                assertThat(m.path("metadata").path("namespace").asString()).isEqualTo(Chart.NAMESPACE);
                assertThat(m.path("metadata").path("labels").path(APP_LABEL).asString()).isEqualTo("pssession-detector");
                assertThat(m.path("metadata").path("labels").path(INSTANCE_LABEL).asString()).isEqualTo(Chart.RELEASE);
            });
        }

        @Test
        void probesUseTheActuatorHealthGroupsOnTheHttpPort() {
            JsonNode container = rendered.container();
            assertThat(container.path("ports")).singleElement().satisfies(p -> {
                assertThat(p.path("name").asString()).isEqualTo("http");
                assertThat(p.path("containerPort").asInt()).isEqualTo(8080);
            });
            assertThat(httpGet(container, "startupProbe")).isEqualTo("http /actuator/health/liveness");
            assertThat(httpGet(container, "livenessProbe")).isEqualTo("http /actuator/health/liveness");
            assertThat(httpGet(container, "readinessProbe")).isEqualTo("http /actuator/health/readiness");
            // The start-up probe gives Flyway minutes before liveness takes over.
            JsonNode startup = container.path("startupProbe");
            assertThat(startup.path("periodSeconds").asInt() * startup.path("failureThreshold").asInt())
                    .isGreaterThanOrEqualTo(120);
        }

        @Test
        void runsAsANonRootUserWithNothingToEscalate() {
            JsonNode pod = rendered.podSpec().path("securityContext");
            assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.path("runAsUser").asInt()).isEqualTo(10001);
            assertThat(pod.path("seccompProfile").path("type").asString()).isEqualTo("RuntimeDefault");

            JsonNode container = rendered.container().path("securityContext");
            assertThat(container.path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(container.path("runAsUser").asInt()).isNotZero();
            assertThat(container.path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(container.path("allowPrivilegeEscalation").asBoolean()).isFalse();
            assertThat(container.path("privileged").asBoolean()).isFalse();
            assertThat(strings(container.path("capabilities").path("drop"))).containsExactly("ALL");
            assertThat(container.path("capabilities").has("add")).isFalse();
            assertThat(container.path("seccompProfile").path("type").asString()).isEqualTo("RuntimeDefault");

            assertThat(rendered.podSpec().path("automountServiceAccountToken").asBoolean(true)).isFalse();
        }

        @Test
        void setsRequestsAndAMemoryLimit() {
            JsonNode resources = rendered.container().path("resources");
            assertThat(resources.path("requests").path("cpu").asString()).isEqualTo("250m");
            assertThat(resources.path("requests").path("memory").asString()).isEqualTo("1Gi");
            assertThat(resources.path("limits").path("memory").asString()).isEqualTo("1Gi");
        }

        @Test
        void givesTheJvmAWritableTmpOnAReadOnlyRoot() {
            assertThat(mounts(rendered)).containsExactly(
                    entry("/tmp", "tmp rw"),
                    entry("/etc/pssession/config", "config ro"),
                    entry("/etc/pssession/secrets", "secrets ro"));
            JsonNode tmp = volume(rendered, "tmp");
            assertThat(tmp.path("emptyDir").path("sizeLimit").asString()).isEqualTo("3Gi"); // room for one 2 GB form upload
        }

        @Test
        void configuresTheServiceThroughEnvironmentAndMountedFiles() {
            assertThat(rendered.env()).containsExactly(
                    entry("SERVER_PORT", "8080"),
                    entry("PSSESSION_LOCAL_DB_ENABLED", "false"),
                    entry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgresql:5432/pssession"),
                    entry("SPRING_DATASOURCE_USERNAME", "pssession"),
                    entry("SPRING_DATASOURCE_PASSWORD", "secret:" + Chart.FULLNAME + "/database-password"),
                    entry("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:/etc/pssession/config/"),
                    entry("SPRING_CONFIG_IMPORT", "optional:file:/etc/pssession/secrets/api-keys.yml"),
                    entry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError"));

            JsonNode config = volume(rendered, "config").path("configMap");
            assertThat(config.path("name").asString()).isEqualTo(Chart.FULLNAME);
            assertThat(config.path("items").get(0).path("path").asString()).isEqualTo("application.yml");
            JsonNode secrets = volume(rendered, "secrets").path("secret");
            assertThat(secrets.path("secretName").asString()).isEqualTo(Chart.FULLNAME);
            assertThat(secrets.path("items").get(0).path("key").asString()).isEqualTo("api-keys.yml");
            assertThat(secrets.path("items").get(0).path("path").asString()).isEqualTo("api-keys.yml");
            assertThat(secrets.path("defaultMode").asInt()).isEqualTo(0440);
        }

        @Test
        void writesTheApplicationYaml() {
            JsonNode app = applicationYaml(rendered);
            assertThat(app.path("pssession").path("detection").path("ctime-zone").asString()).isEqualTo("UTC");
            assertThat(app.path("pssession").path("detection").path("companion").asBoolean()).isTrue();
            assertThat(app.path("pssession").path("detection").has("escu-content")).as("no content volume: bundled only").isFalse();
            assertThat(app.path("pssession").path("risk").path("window").asString()).isEqualTo("1h");
            assertThat(app.path("pssession").path("risk").path("window-offset").asString()).isEqualTo("0s");
            assertThat(app.path("pssession").path("ingest").path("max-body-size").asString()).isEqualTo("2GB");
            assertThat(app.path("logging").path("structured").path("format").path("console").asString()).isEqualTo("ecs");
        }

        @Test
        void secretHoldsThePasswordAndAnEmptyApiKeyList() {
            Map<String, String> data = secretData(rendered);
            assertThat(data).containsOnlyKeys("database-password", "api-keys.yml");
            assertThat(data.get("database-password")).isEmpty();
            JsonNode apiKeys = Chart.YAML.readTree(data.get("api-keys.yml"));
            assertThat(apiKeys.path("pssession").path("security").path("api-keys").isArray()).isTrue();
            assertThat(apiKeys.path("pssession").path("security").path("api-keys")).isEmpty();
        }

        @Test
        void rollsThePodsOnConfigAndSecretChangesAndStopsGracefully() {
            JsonNode template = rendered.one("Deployment").path("spec").path("template");
            assertThat(template.path("metadata").path("annotations").path("checksum/config").asString()).matches("[0-9a-f]{64}");
            assertThat(template.path("metadata").path("annotations").path("checksum/secret").asString()).matches("[0-9a-f]{64}");
            assertThat(template.path("spec").path("terminationGracePeriodSeconds").asInt()).isEqualTo(45);
            assertThat(strings(rendered.container().path("lifecycle").path("preStop").path("exec").path("command")))
                    .containsExactly("sleep", "5");
            JsonNode deployment = rendered.one("Deployment").path("spec");
            assertThat(deployment.path("replicas").asInt()).isEqualTo(2);
            assertThat(deployment.path("strategy").path("rollingUpdate").path("maxUnavailable").asInt()).isZero();
        }

        @Test
        void serviceAndBudgetSelectThePods() {
            JsonNode podLabels = rendered.one("Deployment").path("spec").path("template").path("metadata").path("labels");
            JsonNode service = rendered.one("Service").path("spec");
            assertThat(service.path("selector").properties()).allSatisfy(
                    e -> assertThat(podLabels.path(e.getKey())).isEqualTo(e.getValue()));
            assertThat(service.path("ports")).singleElement().satisfies(p -> {
                assertThat(p.path("port").asInt()).isEqualTo(8080);
                assertThat(p.path("targetPort").asString()).isEqualTo("http");
            });
            JsonNode pdb = rendered.one("PodDisruptionBudget").path("spec");
            assertThat(pdb.path("maxUnavailable").asInt()).isEqualTo(1);
            assertThat(pdb.path("selector").path("matchLabels")).isEqualTo(service.path("selector"));
        }
    }

    @Nested
    class FullyEnabled {

        private final Chart.Manifests rendered = Chart.renderFull();

        @Test
        void rendersEveryKind() {
            assertThat(rendered.kinds()).containsOnlyKeys("Deployment", "Service", "ConfigMap", "Secret",
                    "ServiceAccount", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ServiceMonitor", "NetworkPolicy",
                    "Ingress");
        }

        @Test
        void ingressRoutesItsHostsToTheServicePort() {
            JsonNode ingress = rendered.one("Ingress").path("spec");
            assertThat(ingress.path("ingressClassName").asString()).isEqualTo("nginx");
            assertThat(ingress.path("tls").get(0).path("secretName").asString()).isEqualTo("pssession-tls");
            JsonNode rule = ingress.path("rules").get(0);
            assertThat(rule.path("host").asString()).isEqualTo("pssession.example.com");
            JsonNode path = rule.path("http").path("paths").get(0);
            assertThat(path.path("path").asString()).isEqualTo("/");
            assertThat(path.path("pathType").asString()).isEqualTo("Prefix");
            assertThat(path.path("backend").path("service").path("name").asString()).isEqualTo(Chart.FULLNAME);
            assertThat(path.path("backend").path("service").path("port").path("name").asString()).isEqualTo("http");
            assertThat(rendered.one("Ingress").path("metadata").path("annotations")
                    .path("nginx.ingress.kubernetes.io/proxy-body-size").asString()).isEqualTo("512m");
        }

        @Test
        void mountsTheEscuContentReadOnlyAndRunsIt() {
            JsonNode volume = volume(rendered, "escu-content");
            assertThat(volume.path("persistentVolumeClaim").path("claimName").asString()).isEqualTo("security-content");
            JsonNode mount = null;
            for (JsonNode m : rendered.one("Deployment").path("spec").path("template").path("spec").path("containers").get(0)
                    .path("volumeMounts")) {
                if (m.path("name").asString().equals("escu-content")) {
                    mount = m;
                }
            }
            assertThat(mount).isNotNull();
            assertThat(mount.path("mountPath").asString()).isEqualTo("/etc/pssession/escu");
            assertThat(mount.path("readOnly").asBoolean()).isTrue();
            assertThat(mount.path("subPath").asString()).isEqualTo("security_content");
            JsonNode detection = applicationYaml(rendered).path("pssession").path("detection");
            assertThat(detection.path("escu-content").asString()).isEqualTo("/etc/pssession/escu");
            assertThat(detection.path("companion").asBoolean()).isFalse();
        }

        @Test
        void autoscalerOwnsTheReplicaCount() {
            assertThat(rendered.one("Deployment").path("spec").has("replicas")).isFalse();
            JsonNode hpa = rendered.one("HorizontalPodAutoscaler").path("spec");
            assertThat(hpa.path("scaleTargetRef").path("kind").asString()).isEqualTo("Deployment");
            assertThat(hpa.path("scaleTargetRef").path("name").asString()).isEqualTo(Chart.FULLNAME);
            assertThat(hpa.path("minReplicas").asInt()).isEqualTo(2);
            assertThat(hpa.path("maxReplicas").asInt()).isEqualTo(8);
            List<String> metrics = new ArrayList<>();
            hpa.path("metrics").forEach(m -> metrics.add(m.path("resource").path("name").asString() + "="
                    + m.path("resource").path("target").path("averageUtilization").asInt()));
            assertThat(metrics).containsExactly("cpu=70", "memory=80");
        }

        @Test
        void serviceMonitorScrapesPrometheusOnTheHttpPort() {
            JsonNode monitor = rendered.one("ServiceMonitor");
            assertThat(monitor.path("metadata").path("namespace").asString()).isEqualTo("monitoring");
            assertThat(monitor.path("metadata").path("labels").path("release").asString()).isEqualTo("kube-prometheus-stack");
            JsonNode spec = monitor.path("spec");
            assertThat(strings(spec.path("namespaceSelector").path("matchNames"))).containsExactly(Chart.NAMESPACE);
            assertThat(spec.path("selector").path("matchLabels")).isEqualTo(rendered.one("Service").path("spec").path("selector"));
            assertThat(spec.path("endpoints")).singleElement().satisfies(e -> {
                assertThat(e.path("port").asString()).isEqualTo("http");
                assertThat(e.path("path").asString()).isEqualTo("/actuator/prometheus");
                assertThat(e.path("interval").asString()).isEqualTo("15s");
                assertThat(e.path("scrapeTimeout").asString()).isEqualTo("5s");
            });
            // The ServiceMonitor's port name is the Service's.
            assertThat(rendered.one("Service").path("spec").path("ports").get(0).path("name").asString()).isEqualTo("http");
        }

        @Test
        void networkPolicyAdmitsOnlyTheNamedPeersToTheServicePort() {
            JsonNode spec = rendered.one("NetworkPolicy").path("spec");
            assertThat(spec.path("podSelector").path("matchLabels")).isEqualTo(rendered.one("Service").path("spec").path("selector"));
            assertThat(strings(spec.path("policyTypes"))).containsExactly("Ingress", "Egress");
            assertThat(spec.path("ingress")).singleElement().satisfies(rule -> {
                assertThat(rule.path("ports")).singleElement().satisfies(p -> {
                    assertThat(p.path("port").asString()).isEqualTo("http");
                    assertThat(p.path("protocol").asString()).isEqualTo("TCP");
                });
                List<String> from = new ArrayList<>();
                rule.path("from").forEach(peer -> from.add(peer.toString()));
                assertThat(from).containsExactly(
                        "{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"ingress-nginx\"}}}",
                        "{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"monitoring\"}}}",
                        "{\"podSelector\":{\"matchLabels\":{\"app.kubernetes.io/name\":\"splunk-forwarder\"}}}",
                        "{\"ipBlock\":{\"cidr\":\"10.20.0.0/16\"}}");
            });
        }

        @Test
        void networkPolicyLetsOutOnlyDnsTheDatabaseAndTheExtraRules() {
            JsonNode egress = rendered.one("NetworkPolicy").path("spec").path("egress");
            assertThat(egress).hasSize(3);
            assertThat(ports(egress.get(0))).containsExactly("53/UDP", "53/TCP");
            assertThat(egress.get(0).path("to").get(0).path("namespaceSelector").path("matchLabels")
                    .path("kubernetes.io/metadata.name").asString()).isEqualTo("kube-system");
            assertThat(ports(egress.get(1))).containsExactly("5432/TCP");
            assertThat(egress.get(1).path("to").get(0).path("ipBlock").path("cidr").asString()).isEqualTo("10.30.0.10/32");
            assertThat(egress.get(1).path("to").get(1).path("namespaceSelector").path("matchLabels")
                    .path("kubernetes.io/metadata.name").asString()).isEqualTo("databases");
            assertThat(egress.get(1).path("to").get(1).path("podSelector").path("matchLabels")
                    .path("app.kubernetes.io/name").asString()).isEqualTo("postgresql");
            assertThat(ports(egress.get(2))).containsExactly("443/TCP");
        }

        @Test
        void apiKeysBecomeThePropertyListWithLowerCaseHashes() {
            JsonNode keys = Chart.YAML.readTree(secretData(rendered).get("api-keys.yml"))
                    .path("pssession").path("security").path("api-keys");
            List<String> listed = new ArrayList<>();
            keys.forEach(k -> {
                assertThat(k.propertyNames()).containsExactlyInAnyOrder("name", "role", "sha256");
                listed.add(k.path("name").asString() + " " + k.path("role").asString() + " " + k.path("sha256").asString());
            });
            assertThat(listed).containsExactly(
                    "splunk-forwarder ingest 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                    "soc-analyst analyst bded2b4473e31459c214ba0cc32963956f57d07e1f706fb1dcfd1a73cf66f73e",
                    "platform-admin admin 58c9cdc58b80389bc95b81dde1aca7be2b95e424424efe88da7e876365c6dd3f");
            assertThat(secretData(rendered).get("database-password")).isEqualTo("ci-only-password");
        }

        @Test
        void passesTheIssuerTheSettingsAndTheExtraEnvironment() {
            assertThat(rendered.env())
                    .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", "https://login.example.com/realms/secops")
                    .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db.databases.svc:5432/pssession?sslmode=require")
                    .containsEntry("TZ", "UTC");
            JsonNode app = applicationYaml(rendered);
            assertThat(app.path("pssession").path("detection").path("ctime-zone").asString()).isEqualTo("Europe/Berlin");
            assertThat(app.path("pssession").path("risk").path("window").asString()).isEqualTo("30m");
            assertThat(app.path("pssession").path("ingest").path("max-body-size").asString()).isEqualTo("512MB");
            assertThat(app.path("logging").path("structured").path("format").path("console").asString()).isEqualTo("logstash");
            assertThat(app.path("server").path("tomcat").path("max-swallow-size").asString()).isEqualTo("4MB");
        }

        @Test
        void pinsTheImageByDigestAndKeepsTheHardening() {
            assertThat(rendered.container().path("image").asString()).isEqualTo(
                    "registry.example.com/security/pssession-detector@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
            assertThat(rendered.container().path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(rendered.podSpec().path("serviceAccountName").asString()).isEqualTo("pssession-detector-sa");
            assertThat(rendered.one("ServiceAccount").path("metadata").path("name").asString()).isEqualTo("pssession-detector-sa");
            assertThat(rendered.one("PodDisruptionBudget").path("spec").path("minAvailable").asInt()).isEqualTo(1);
            assertThat(rendered.one("PodDisruptionBudget").path("spec").has("maxUnavailable")).isFalse();
        }
    }

    @Nested
    class ExistingSecrets {

        @Test
        void noChartSecretWhenBothComeFromExistingSecrets() {
            Chart.Manifests rendered = Chart.render(c -> c
                    .set("database.existingSecret", "pg-credentials")
                    .set("database.existingSecretUsernameKey", "username")
                    .set("apiKeys.existingSecret", "pssession-api-keys")
                    .set("apiKeys.existingSecretKey", "keys.yml"));

            assertThat(rendered.has("Secret")).isFalse();
            assertThat(rendered.env())
                    .containsEntry("SPRING_DATASOURCE_USERNAME", "secret:pg-credentials/username")
                    .containsEntry("SPRING_DATASOURCE_PASSWORD", "secret:pg-credentials/password");
            JsonNode secrets = volume(rendered, "secrets").path("secret");
            assertThat(secrets.path("secretName").asString()).isEqualTo("pssession-api-keys");
            assertThat(secrets.path("items").get(0).path("key").asString()).isEqualTo("keys.yml");
            assertThat(secrets.path("items").get(0).path("path").asString()).isEqualTo("api-keys.yml");
            assertThat(rendered.one("Deployment").path("spec").path("template").path("metadata").path("annotations")
                    .has("checksum/secret")).isFalse();
            assertThat(rendered.all()).allSatisfy(m -> assertThat(KubernetesSchemas.problems(m)).isEmpty());
        }

        @Test
        void chartSecretKeepsOnlyWhatNoExistingSecretProvides() {
            Chart.Manifests rendered = Chart.render(c -> c.set("database.existingSecret", "pg-credentials"));

            assertThat(secretData(rendered)).containsOnlyKeys("api-keys.yml");
            assertThat(rendered.env())
                    .containsEntry("SPRING_DATASOURCE_USERNAME", "pssession")
                    .containsEntry("SPRING_DATASOURCE_PASSWORD", "secret:pg-credentials/password");
            assertThat(volume(rendered, "secrets").path("secret").path("secretName").asString()).isEqualTo(Chart.FULLNAME);
        }
    }

    @Nested
    class Checksums {

        private final JsonNode defaults = annotations(Chart.renderDefaults());

        @Test
        void configChangeRollsThePods() {
            JsonNode changed = annotations(Chart.render(c -> c.set("config.detection.ctimeZone", "Europe/Paris")));
            assertThat(changed.path("checksum/config")).isNotEqualTo(defaults.path("checksum/config"));
            assertThat(changed.path("checksum/secret")).isEqualTo(defaults.path("checksum/secret"));
        }

        @Test
        void secretChangeRollsThePods() {
            JsonNode changed = annotations(Chart.render(c -> c.set("database.password", "rotated")));
            assertThat(changed.path("checksum/secret")).isNotEqualTo(defaults.path("checksum/secret"));
            assertThat(changed.path("checksum/config")).isEqualTo(defaults.path("checksum/config"));
        }

        private static JsonNode annotations(Chart.Manifests rendered) {
            return rendered.one("Deployment").path("spec").path("template").path("metadata").path("annotations");
        }
    }

    /** values.schema.json makes helm refuse bad values before anything is rendered. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "databse.url             | jdbc:postgresql://db/x    | databse",
            "database.url            | postgres://db/x           | url",
            "apiKeys.keys[0].name    | bot                       | role",
            "config.logging.structuredFormat | json              | structuredFormat",
            "config.risk.window      | an hour                   | window",
            "service.type            | ExternalName              | type",
            "image.pullPolicy        | Sometimes                 | pullPolicy",
            "ingress.hosts[0].host   | pssession.example.com     | paths",
            "escuContent.mountPath   | relative/path             | mountPath",
    })
    void schemaRefusesBadValues(String key, String value, String mentioned) {
        assertThatThrownBy(() -> Chart.render(c -> c.set(key, value)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(mentioned);
    }

    @Test
    void schemaRefusesAnApiKeyThatIsNotASha256() {
        assertThatThrownBy(() -> Chart.render(c -> c
                .set("apiKeys.keys[0].name", "bot")
                .set("apiKeys.keys[0].role", "ingest")
                .set("apiKeys.keys[0].sha256", "my-plain-text-key")))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("sha256");
    }

    private static String httpGet(JsonNode container, String probe) {
        JsonNode get = container.path(probe).path("httpGet");
        return get.path("port").asString() + " " + get.path("path").asString();
    }

    private static Map<String, String> mounts(Chart.Manifests rendered) {
        Map<String, String> mounts = new java.util.LinkedHashMap<>();
        rendered.container().path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asString(),
                m.path("name").asString() + (m.path("readOnly").asBoolean() ? " ro" : " rw")));
        return mounts;
    }

    private static JsonNode volume(Chart.Manifests rendered, String name) {
        for (JsonNode volume : rendered.podSpec().path("volumes")) {
            if (name.equals(volume.path("name").asString())) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static JsonNode applicationYaml(Chart.Manifests rendered) {
        return Chart.YAML.readTree(rendered.one("ConfigMap").path("data").path("application.yml").asString());
    }

    private static Map<String, String> secretData(Chart.Manifests rendered) {
        Map<String, String> data = new java.util.LinkedHashMap<>();
        rendered.one("Secret").path("data").properties().forEach(e -> data.put(e.getKey(),
                new String(Base64.getDecoder().decode(e.getValue().asString()), java.nio.charset.StandardCharsets.UTF_8)));
        return data;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    private static List<String> ports(JsonNode rule) {
        List<String> ports = new ArrayList<>();
        rule.path("ports").forEach(p -> ports.add(p.path("port").asString() + "/" + p.path("protocol").asString()));
        return ports;
    }
}
