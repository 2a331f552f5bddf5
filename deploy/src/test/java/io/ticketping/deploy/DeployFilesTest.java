package io.ticketping.deploy;

import io.ticketping.shared.config.AppConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files under {@code deploy/compose} and {@code deploy/k8s}: they parse as YAML and have the structure
 * the split deployment needs, and the Dockerfile builds the image they run. No Docker engine or cluster here, so syntax
 * and structure only.
 */
class DeployFilesTest {

  private static final Path COMPOSE = Path.of("compose", "docker-compose.yml");
  private static final Path K8S = Path.of("k8s");
  private static final String KUSTOMIZATION = "kustomization.yaml";
  private static final Path DOCKERFILE = Path.of("Dockerfile");
  private static final Set<String> MONITORING = Set.of("prometheus", "alertmanager", "grafana");
  /** The UID and GID of the user the apache/kafka image runs as (appuser, the first user its Alpine base adds). */
  private static final int KAFKA_IMAGE_UID = 1000;
  private static final List<String> ROLES = List.of("gateway", "queue", "booking", "payment");
  /**
   * The secret settings each role's code reads (the gateway signs access tokens and queue passes and creates the admin
   * account; payment calls the provider; every role reads PostgreSQL, if only for its readiness check, and joins the
   * cluster), with the Kubernetes Secret and key each comes from.
   */
  private static final Map<String, Map<String, String>> ROLE_SECRETS = Map.of(
    "gateway", Map.of(
      "TICKETPING_POSTGRES_PASSWORD", "ticketping-db/postgres-password",
      "TICKETPING_CLUSTER_SECRET", "ticketping-cluster/cluster-secret",
      "TICKETPING_JWT_SECRET", "ticketping-gateway/jwt-secret",
      "TICKETPING_QUEUE_PASS_PRIVATE_KEY_PEM", "ticketping-gateway/queue-pass-private-key-pem",
      "TICKETPING_QUEUE_PASS_PUBLIC_KEY_PEM", "ticketping-gateway/queue-pass-public-key-pem",
      "TICKETPING_ADMIN_PASSWORD", "ticketping-gateway/admin-password"),
    "queue", Map.of(
      "TICKETPING_POSTGRES_PASSWORD", "ticketping-db/postgres-password",
      "TICKETPING_CLUSTER_SECRET", "ticketping-cluster/cluster-secret"),
    "booking", Map.of(
      "TICKETPING_POSTGRES_PASSWORD", "ticketping-db/postgres-password",
      "TICKETPING_CLUSTER_SECRET", "ticketping-cluster/cluster-secret"),
    "payment", Map.of(
      "TICKETPING_POSTGRES_PASSWORD", "ticketping-db/postgres-password",
      "TICKETPING_CLUSTER_SECRET", "ticketping-cluster/cluster-secret",
      "TICKETPING_PAYMENT_PROVIDER_SECRET_KEY", "ticketping-payment/provider-secret-key"));
  /** The event-bus TLS files every role reads, by configuration variable: Kubernetes Secret key, compose secret. */
  private static final Map<String, List<String>> CLUSTER_TLS = Map.of(
    "TICKETPING_CLUSTER_TLS_KEY_PATH", List.of("tls.key", "cluster-tls-key"),
    "TICKETPING_CLUSTER_TLS_CERT_PATH", List.of("tls.crt", "cluster-tls-cert"),
    "TICKETPING_CLUSTER_TLS_TRUST_PATH", List.of("ca.crt", "cluster-tls-ca"));
  /** Variables read directly rather than through conf/application.json (the logback configuration reads this one). */
  private static final Set<String> ENV_ONLY = Set.of("TICKETPING_LOG_FORMAT");

  @Test
  @DisplayName("the compose file has a 3-master Redis Cluster with an init job, Kafka, PostgreSQL and the jar once "
    + "per role, each long-running service with an image and a health check")
  void composeFile() throws IOException {
    Map<String, Object> compose = map(load(COMPOSE).get(0));
    Map<String, Object> services = map(compose.get("services"));
    assertThat(services).containsKeys("redis-0", "redis-1", "redis-2", "redis-cluster-init", "kafka", "postgres",
      "zipkin");
    assertThat(services).containsKeys(ROLES.toArray(String[]::new));
    services.forEach((name, value) -> {
      Map<String, Object> service = map(value);
      assertThat(service.get("image")).as("image of %s", name).isInstanceOf(String.class);
      if (!name.equals("redis-cluster-init")) {
        assertThat(map(service.get("healthcheck")).get("test")).as("health check of %s", name).isNotNull();
      }
    });
    for (int i = 0; i < 3; i++) {
      assertThat(strings(map(services.get("redis-" + i)).get("command")))
        .as("redis-%s runs in cluster mode", i).containsSequence("--cluster-enabled", "yes");
    }
    assertThat(map(map(services.get("kafka")).get("environment")))
      .as("topics are created by the roles, never by a typo").containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    assertThat(String.valueOf(map(services.get("redis-cluster-init")).get("command")))
      .contains("--cluster create", "--cluster-replicas 0", "cluster_state:ok");
    for (String role : ROLES) {
      Map<String, Object> service = map(services.get(role));
      assertThat(strings(service.get("command"))).containsExactly("--role", role);
      assertThat(String.valueOf(strings(map(service.get("healthcheck")).get("test")))).contains("/health");
      Map<String, Object> env = map(service.get("environment"));
      assertThat(env).containsEntry("TICKETPING_REDIS_CLUSTER", "true").containsKey("TICKETPING_REDIS_CLUSTER_NODES");
      assertThat(String.valueOf(env.get("TICKETPING_REDIS_CLUSTER_NODES")))
        .isEqualTo("redis://redis-0:6379,redis://redis-1:6379,redis://redis-2:6379");
      env.keySet().forEach(DeployFilesTest::assertKnownOverride);
      assertThat(env).as("%s logs JSON and sends its traces, under its own name, to the zipkin service", role)
        .containsEntry("TICKETPING_LOG_FORMAT", "json")
        .containsEntry("TICKETPING_TRACING_ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans")
        .containsEntry("TICKETPING_TRACING_SERVICE_NAME", "ticketping-" + role);
      env.forEach((key, v) -> {
        if (isSecret(key)) {
          assertThat(String.valueOf(v)).as("%s comes from the environment", key).startsWith("${");
        }
      });
    }
  }

  @Test
  @DisplayName("the compose file runs Prometheus, Alertmanager and Grafana with deploy/monitoring's files mounted, "
    + "their secrets from the environment, and Prometheus scrapes every role on its metrics port")
  void composeMonitoring() throws IOException {
    Map<String, Object> services = map(map(load(COMPOSE).get(0)).get("services"));
    assertThat(services).containsKeys("prometheus", "alertmanager", "grafana");
    for (String name : List.of("prometheus", "alertmanager", "grafana")) {
      for (String volume : strings(map(services.get(name)).get("volumes"))) {
        if (volume.startsWith(".")) {
          Path mounted = COMPOSE.getParent().resolve(volume.substring(0, volume.indexOf(':'))).normalize();
          assertThat(mounted).as("%s mounts %s", name, volume).exists();
        }
      }
    }
    assertThat(String.valueOf(map(map(services.get("alertmanager")).get("environment")).get("DISCORD_WEBHOOK_URL")))
      .startsWith("${");
    assertThat(String.valueOf(map(map(services.get("grafana")).get("environment"))
      .get("GF_SECURITY_ADMIN_PASSWORD"))).startsWith("${");
    Set<String> targets = new HashSet<>();
    for (Object job : list(MonitoringFiles.yaml(MonitoringFiles.PROMETHEUS).get("scrape_configs"))) {
      for (Object config : list(map(job).get("static_configs"))) {
        targets.addAll(strings(map(config).get("targets")));
      }
    }
    for (String role : ROLES) {
      Map<String, Object> env = map(map(services.get(role)).get("environment"));
      assertThat(targets).as("Prometheus scrapes %s on its metrics port", role)
        .contains(role + ":" + env.get("TICKETPING_METRICS_PORT"));
    }
  }

  @Test
  @DisplayName("every Kubernetes manifest parses, and each role is a Deployment with liveness /health, readiness "
    + "/ready, Prometheus scrape annotations, --role and a Service selecting it")
  void kubernetesManifests() throws IOException {
    List<Map<String, Object>> docs = kubernetesDocs();
    assertThat(docs).as("no Secret with values is committed").noneMatch(d -> d.get("kind").equals("Secret"));
    Set<String> statefulSets = new HashSet<>();
    kinds(docs, "StatefulSet").forEach(d -> statefulSets.add(name(d)));
    assertThat(statefulSets).contains("redis-cluster", "kafka", "postgres");
    assertThat(docs).as("the roles log JSON").anyMatch(d -> d.get("kind").equals("ConfigMap")
      && name(d).equals("ticketping-config") && "json".equals(map(d.get("data")).get("TICKETPING_LOG_FORMAT")));
    assertThat(docs).anyMatch(d -> d.get("kind").equals("Job") && name(d).equals("redis-cluster-init"));

    List<Map<String, Object>> deployments = kinds(docs, "Deployment");
    Set<String> roles = new HashSet<>();
    for (Map<String, Object> deployment : deployments) {
      String name = name(deployment);
      Map<String, Object> spec = map(deployment.get("spec"));
      Map<String, Object> template = map(spec.get("template"));
      Map<String, Object> labels = map(map(template.get("metadata")).get("labels"));
      assertThat(labels).as("%s's pods carry its selector labels", name)
        .containsAllEntriesOf(map(map(spec.get("selector")).get("matchLabels")));
      Map<String, Object> annotations = map(map(template.get("metadata")).get("annotations"));
      assertThat(annotations).as("scrape annotations of %s", name)
        .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/metrics");
      assertThat(annotations.get("prometheus.io/port")).isInstanceOf(String.class);
      Map<String, Object> container = firstContainer(deployment);
      Set<Object> containerPorts = new HashSet<>();
      list(container.get("ports")).forEach(p -> containerPorts.add(String.valueOf(map(p).get("containerPort"))));
      assertThat(containerPorts).as("scrape port of %s is a container port", name)
        .contains(annotations.get("prometheus.io/port"));
      assertThat(map(map(container.get("livenessProbe")).get("httpGet")).get("path")).isEqualTo("/health");
      assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path")).isEqualTo("/ready");
      List<String> args = strings(container.get("args"));
      assertThat(args).as("args of %s", name).hasSize(2).startsWith("--role");
      roles.add(args.get(1));
      assertThat(docs).as("a Service selects %s", name).anyMatch(d -> d.get("kind").equals("Service")
        && labels.entrySet().containsAll(map(map(d.get("spec")).get("selector")).entrySet()));
      for (Object env : list(container.get("env"))) {
        String var = String.valueOf(map(env).get("name"));
        assertKnownOverride(var);
        if (isSecret(var)) {
          assertThat(map(map(env).get("valueFrom"))).as("%s comes from a Secret", var).containsKey("secretKeyRef");
        }
      }
    }
    assertThat(roles).containsExactlyInAnyOrderElementsOf(ROLES);
    kinds(docs, "ConfigMap").forEach(cm ->
      map(cm.get("data")).keySet().forEach(DeployFilesTest::assertKnownOverride));
    assertClusterDiscovery(docs, deployments);
    assertThat(kafkaEnv(docs)).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
  }

  @Test
  @DisplayName("each role's pod gets only the Secrets and keys its code uses, the event-bus TLS files as a mounted "
    + "Secret, and no service-account token; PostgreSQL gets only its password")
  void kubernetesSecretsPerRole() throws IOException {
    List<Map<String, Object>> docs = kubernetesDocs();
    Map<String, Object> config = configMap(docs);
    assertThat(config.keySet()).as("no secret in the ConfigMap").noneMatch(DeployFilesTest::isSecret);
    for (Map<String, Object> deployment : kinds(docs, "Deployment")) {
      Map<String, Object> pod = podSpec(deployment);
      Map<String, Object> container = map(list(pod.get("containers")).get(0));
      String role = strings(container.get("args")).get(1);
      assertThat(pod).as("%s's pod", role).containsEntry("automountServiceAccountToken", false);
      assertThat(list(container.getOrDefault("envFrom", List.of()))).as("%s takes no whole Secret", role)
        .allSatisfy(from -> assertThat(map(from)).doesNotContainKey("secretRef"));
      Map<String, String> secrets = new HashMap<>();
      for (Object env : list(container.get("env"))) {
        Map<String, Object> valueFrom = map(env).get("valueFrom") == null ? Map.of() : map(map(env).get("valueFrom"));
        if (valueFrom.containsKey("secretKeyRef")) {
          Map<String, Object> ref = map(valueFrom.get("secretKeyRef"));
          secrets.put(String.valueOf(map(env).get("name")), ref.get("name") + "/" + ref.get("key"));
        }
      }
      assertThat(secrets).as("the secret variables of %s", role).isEqualTo(ROLE_SECRETS.get(role));

      // The TLS files: one Secret volume, mounted where the ConfigMap's cluster.tls.* paths point.
      List<Object> secretVolumes = list(pod.get("volumes")).stream().filter(v -> map(v).containsKey("secret")).toList();
      assertThat(secretVolumes).as("secret volumes of %s", role).hasSize(1);
      Map<String, Object> volume = map(secretVolumes.get(0));
      assertThat(map(volume.get("secret"))).containsEntry("secretName", "ticketping-cluster-tls");
      Map<String, Object> mount = map(list(container.get("volumeMounts")).stream()
        .filter(m -> map(m).get("name").equals(volume.get("name"))).findFirst().orElseThrow());
      assertThat(mount).containsEntry("readOnly", true);
      CLUSTER_TLS.forEach((variable, keys) -> assertThat(config.get(variable)).as(variable)
        .isEqualTo(mount.get("mountPath") + "/" + keys.get(0)));
    }
    Map<String, Object> postgres = firstContainer(named(docs, "StatefulSet", "postgres"));
    List<String> postgresSecrets = list(postgres.get("env")).stream().map(DeployFilesTest::map)
      .filter(e -> e.get("valueFrom") != null).map(e -> map(map(e.get("valueFrom")).get("secretKeyRef")))
      .map(ref -> ref.get("name") + "/" + ref.get("key")).toList();
    assertThat(postgresSecrets).containsExactly("ticketping-db/postgres-password");
  }

  @Test
  @DisplayName("only the roles' own pods may reach the Hazelcast and event-bus ports, only pods of the cluster the "
    + "metrics port; HTTP stays open")
  void kubernetesClusterPorts() throws IOException {
    List<Map<String, Object>> docs = kubernetesDocs();
    Map<String, Object> config = configMap(docs);
    Map<String, Object> policy = map(kinds(docs, "NetworkPolicy").get(0).get("spec"));
    Map<String, Object> roles = Map.of("app", "ticketping");
    assertThat(map(policy.get("podSelector")).get("matchLabels")).isEqualTo(roles);
    Map<Object, Object> fromByPort = new HashMap<>();
    for (Object rule : list(policy.get("ingress"))) {
      for (Object port : list(map(rule).get("ports"))) {
        fromByPort.put(String.valueOf(map(port).get("port")), map(rule).get("from"));
      }
    }
    List<Object> ownPods = List.of(Map.of("podSelector", Map.of("matchLabels", roles)));
    assertThat(fromByPort).containsOnlyKeys("8080", config.get("TICKETPING_CLUSTER_PORT"),
        config.get("TICKETPING_CLUSTER_EVENT_BUS_PORT"), config.get("TICKETPING_METRICS_PORT"))
      .containsEntry("8080", null)
      .as("the metrics port takes pods of the cluster only")
      .containsEntry(config.get("TICKETPING_METRICS_PORT"), List.of(Map.of("namespaceSelector", Map.of())))
      .containsEntry(config.get("TICKETPING_CLUSTER_PORT"), ownPods)
      .containsEntry(config.get("TICKETPING_CLUSTER_EVENT_BUS_PORT"), ownPods);
  }

  @Test
  @DisplayName("in the compose file too, each role gets only the secrets its code uses, and every role the "
    + "event-bus TLS files and the cluster secret")
  void composeSecretsPerRole() throws IOException {
    Map<String, Object> compose = map(load(COMPOSE).get(0));
    Map<String, Object> services = map(compose.get("services"));
    Map<String, Object> declared = map(compose.get("secrets"));
    for (String role : ROLES) {
      Map<String, Object> service = map(services.get(role));
      Map<String, Object> env = map(service.get("environment"));
      Set<String> anyRoles = new HashSet<>();
      ROLE_SECRETS.values().forEach(secrets -> anyRoles.addAll(secrets.keySet()));
      assertThat(env.keySet().stream().filter(v -> isSecret(v) || anyRoles.contains(v)).toList())
        .as("secret variables of %s", role).containsExactlyInAnyOrderElementsOf(ROLE_SECRETS.get(role).keySet());
      List<String> mounted = strings(service.get("secrets"));
      CLUSTER_TLS.forEach((variable, keys) -> {
        assertThat(mounted).as("%s mounts %s", role, keys.get(1)).contains(keys.get(1));
        assertThat(env).containsEntry(variable, "/run/secrets/" + keys.get(1));
      });
    }
    CLUSTER_TLS.values().forEach(keys -> assertThat(String.valueOf(map(declared.get(keys.get(1))).get("file")))
      .as("%s is a file of the git-ignored cluster-tls directory", keys.get(1)).startsWith("./cluster-tls/"));
    assertThat(Files.readString(Path.of("..", ".gitignore"))).contains("deploy/compose/cluster-tls/");
  }

  @Test
  @DisplayName("the Dockerfile builds the jar itself (a Maven + JDK 17 stage from the repository root) and runs it in a "
    + "JRE stage as a non-root user of fixed UID; compose builds from it")
  void dockerfile() throws IOException {
    List<String> lines = dockerInstructions();
    List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(froms).as("a build stage and a runtime stage").hasSize(2);
    assertThat(froms.get(0)).matches("FROM maven:\\S*eclipse-temurin-17 AS build");
    assertThat(froms.get(1)).isEqualTo("FROM eclipse-temurin:17-jre");
    List<String> build = lines.subList(0, lines.indexOf(froms.get(1)));
    List<String> runtime = lines.subList(lines.indexOf(froms.get(1)), lines.size());
    assertThat(build).contains("COPY . .")
      .anyMatch(l -> l.startsWith("RUN ") && l.contains("mvn ") && l.contains("-pl deploy -am package"));
    assertThat(runtime).as("the jar comes from the build stage, not from the host")
      .anyMatch(l -> l.startsWith("COPY --from=build ") && l.contains("/src/deploy/target/ticketping.jar"))
      .noneMatch(l -> l.startsWith("COPY ") && !l.startsWith("COPY --from=build "));
    int[] user = dockerUser();
    assertThat(user[0]).as("UID").isPositive();
    assertThat(runtime).anyMatch(l -> l.contains("useradd") && l.contains("--uid " + user[0])
      && l.contains("--gid " + user[1]));
    assertThat(runtime.get(runtime.size() - 1)).startsWith("ENTRYPOINT [\"java\"").contains("/app/ticketping.jar");
    assertThat(Files.readString(DOCKERFILE)).doesNotContainIgnoringCase("build the jar first");
    assertThat(Files.readString(Path.of("..", ".dockerignore")).lines().toList())
      .as("no build output, local data or secrets in the build context")
      .contains("**/target/", "**/.data/", ".git/", "deploy/compose/.env", "deploy/compose/cluster-tls/");

    Map<String, Object> services = map(map(load(COMPOSE).get(0)).get("services"));
    for (String role : ROLES) {
      Map<String, Object> built = map(map(services.get(role)).get("build"));
      Path context = COMPOSE.getParent().resolve(String.valueOf(built.get("context"))).toAbsolutePath().normalize();
      assertThat(context).as("%s is built from the repository root", role)
        .isEqualTo(Path.of("..").toAbsolutePath().normalize());
      assertThat(context.resolve(String.valueOf(built.get("dockerfile")))).isEqualTo(DOCKERFILE.toAbsolutePath());
    }
  }

  @Test
  @DisplayName("compose: Kafka keeps its log on its volume; monitoring is the optional profile \"monitoring\", with "
    + "the Discord webhook still optional and Grafana refusing to start without its password")
  void composeKafkaAndProfiles() throws IOException {
    Map<String, Object> services = map(map(load(COMPOSE).get(0)).get("services"));
    Map<String, Object> kafka = map(services.get("kafka"));
    String volume = strings(kafka.get("volumes")).get(0);
    assertThat(map(kafka.get("environment")).get("KAFKA_LOG_DIRS")).as("Kafka's log dirs are on its volume")
      .isEqualTo(volume.substring(volume.indexOf(':') + 1));
    services.forEach((name, service) -> {
      if (MONITORING.contains(name)) {
        assertThat(strings(map(service).get("profiles"))).as("profiles of %s", name).containsExactly("monitoring");
      } else {
        assertThat(map(service)).as("%s runs without a profile", name).doesNotContainKey("profiles");
      }
    });
    Map<String, Object> alertmanager = map(services.get("alertmanager"));
    assertThat(map(alertmanager.get("environment"))).as("no webhook is fine")
      .containsEntry("DISCORD_WEBHOOK_URL", "${DISCORD_WEBHOOK_URL:-}");
    assertThat(String.valueOf(alertmanager.get("command"))).contains("receiver: none");
    Map<String, Object> grafana = map(services.get("grafana"));
    assertThat(String.valueOf(map(grafana.get("environment")).get("GF_SECURITY_ADMIN_PASSWORD")))
      .isEqualTo("${GRAFANA_ADMIN_PASSWORD:-}");
    assertThat(String.valueOf(grafana.get("command")))
      .contains("if [ -z \"$$GF_SECURITY_ADMIN_PASSWORD\" ]", "exit 1", "exec /run.sh");
  }

  @Test
  @DisplayName("compose as deployed: simulator off with the provider's URL and key from the environment, Secure "
    + "refresh cookie and HSTS on the gateway, /metrics on an unpublished port of every role")
  void composeDeployedSettings() throws IOException {
    Map<String, Object> services = map(map(load(COMPOSE).get(0)).get("services"));
    Map<String, Object> payment = map(map(services.get("payment")).get("environment"));
    assertThat(payment).containsEntry("TICKETPING_PAYMENT_SIMULATOR_ENABLED", "false");
    assertThat(String.valueOf(payment.get("TICKETPING_PAYMENT_PROVIDER_BASE_URL")))
      .startsWith("${TICKETPING_PAYMENT_PROVIDER_BASE_URL:?");
    assertThat(String.valueOf(payment.get("TICKETPING_PAYMENT_PROVIDER_SECRET_KEY")))
      .startsWith("${TICKETPING_PAYMENT_PROVIDER_SECRET_KEY:?");
    Map<String, Object> gateway = map(map(services.get("gateway")).get("environment"));
    assertThat(gateway).containsEntry("TICKETPING_AUTH_SECURE_COOKIE", "true");
    assertThat(Long.parseLong(String.valueOf(gateway.get("TICKETPING_HTTP_HSTS_MAX_AGE_SECONDS")))).isPositive();
    for (String role : ROLES) {
      Map<String, Object> service = map(services.get(role));
      String metricsPort = String.valueOf(map(service.get("environment")).get("TICKETPING_METRICS_PORT"));
      assertThat(metricsPort).as("metrics port of %s", role).matches("[1-9][0-9]*").isNotEqualTo("8080");
      assertThat(strings(service.getOrDefault("ports", List.of()))).as("%s publishes no metrics port", role)
        .noneMatch(p -> p.endsWith(":" + metricsPort) || p.equals(metricsPort));
    }
  }

  @Test
  @DisplayName("Kubernetes as deployed: simulator off, provider URL set, Secure refresh cookie and HSTS, the defaults "
    + "of conf/application.json being the development ones")
  void kubernetesDeployedSettings() throws IOException {
    Map<String, Object> config = configMap(kubernetesDocs());
    assertThat(config).containsEntry("TICKETPING_PAYMENT_SIMULATOR_ENABLED", "false")
      .containsEntry("TICKETPING_AUTH_SECURE_COOKIE", "true");
    assertThat(String.valueOf(config.get("TICKETPING_PAYMENT_PROVIDER_BASE_URL"))).startsWith("https://");
    assertThat(Long.parseLong(String.valueOf(config.get("TICKETPING_HTTP_HSTS_MAX_AGE_SECONDS")))).isPositive();
    JsonObject defaults = AppConfig.defaults();
    assertThat(defaults.getJsonObject("payment").getJsonObject("simulator").getBoolean("enabled")).isTrue();
    assertThat(defaults.getJsonObject("auth").getBoolean("secureCookie")).isFalse();
    assertThat(defaults.getJsonObject("http").getLong("hstsMaxAgeSeconds")).isZero();
    assertThat(defaults.getJsonObject("metrics").getInteger("port")).isZero();
  }

  @Test
  @DisplayName("Kubernetes: the roles run as the image's non-root user, with fsGroup for the mounted Secrets and no "
    + "privilege escalation; Kafka as its image's user with fsGroup on its volume, which holds its log dirs")
  void kubernetesPodSecurity() throws IOException {
    List<Map<String, Object>> docs = kubernetesDocs();
    int[] user = dockerUser();
    for (Map<String, Object> deployment : kinds(docs, "Deployment")) {
      Map<String, Object> pod = podSpec(deployment);
      assertThat(map(pod.get("securityContext"))).as("pod security of %s", name(deployment))
        .containsEntry("runAsNonRoot", true).containsEntry("runAsUser", user[0]).containsEntry("runAsGroup", user[1])
        .containsEntry("fsGroup", user[1]);
      for (Object container : list(pod.get("containers"))) {
        assertThat(map(map(container).get("securityContext"))).containsEntry("allowPrivilegeEscalation", false);
      }
    }
    Map<String, Object> kafka = named(docs, "StatefulSet", "kafka");
    Map<String, Object> pod = podSpec(kafka);
    assertThat(map(pod.get("securityContext"))).as("Kafka runs as the image's appuser and can write its volume")
      .containsEntry("runAsNonRoot", true).containsEntry("runAsUser", KAFKA_IMAGE_UID)
      .containsEntry("fsGroup", KAFKA_IMAGE_UID);
    Map<String, Object> container = map(list(pod.get("containers")).get(0));
    Object dataMount = map(list(container.get("volumeMounts")).stream()
      .filter(m -> map(m).get("name").equals("data")).findFirst().orElseThrow()).get("mountPath");
    assertThat(kafkaEnv(docs)).containsEntry("KAFKA_LOG_DIRS", String.valueOf(dataMount));
  }

  @Test
  @DisplayName("Kubernetes: every container has CPU and memory requests and limits; every long-running one startup, "
    + "readiness and liveness probes (the roles' startup probe on /health)")
  void kubernetesResourcesAndProbes() throws IOException {
    List<Map<String, Object>> docs = kubernetesDocs();
    for (Map<String, Object> workload : docs) {
      if (!List.of("Deployment", "StatefulSet", "Job").contains(workload.get("kind"))) {
        continue;
      }
      Map<String, Object> pod = podSpec(workload);
      List<Object> containers = new ArrayList<>(list(pod.get("containers")));
      containers.addAll(list(pod.getOrDefault("initContainers", List.of())));
      for (Object value : containers) {
        Map<String, Object> container = map(value);
        String where = workload.get("kind") + " " + name(workload) + "/" + container.get("name");
        Map<String, Object> resources = map(container.get("resources"));
        assertThat(map(resources.get("requests"))).as("requests of %s", where).containsKeys("cpu", "memory");
        assertThat(map(resources.get("limits"))).as("limits of %s", where).containsKeys("cpu", "memory");
        if (!workload.get("kind").equals("Job")) {
          assertThat(container).as("probes of %s", where)
            .containsKeys("startupProbe", "readinessProbe", "livenessProbe");
        }
      }
    }
    for (Map<String, Object> deployment : kinds(docs, "Deployment")) {
      Map<String, Object> container = firstContainer(deployment);
      assertThat(map(map(container.get("startupProbe")).get("httpGet")).get("path")).isEqualTo("/health");
    }
  }

  @Test
  @DisplayName("Kubernetes: a PodDisruptionBudget for each role that lets a drain go on, one pod at a time")
  void kubernetesDisruptionBudgets() throws IOException {
    List<Map<String, Object>> docs = kubernetesDocs();
    List<Map<String, Object>> budgets = kinds(docs, "PodDisruptionBudget");
    for (Map<String, Object> deployment : kinds(docs, "Deployment")) {
      Map<String, Object> spec = map(deployment.get("spec"));
      Object labels = map(spec.get("selector")).get("matchLabels");
      Map<String, Object> budget = map(budgets.stream()
        .filter(b -> map(map(b.get("spec")).get("selector")).get("matchLabels").equals(labels)).findFirst()
        .orElseThrow(() -> new AssertionError("no PodDisruptionBudget selects " + name(deployment))).get("spec"));
      assertThat(budget).as("budget of %s", name(deployment)).containsEntry("maxUnavailable", 1)
        .doesNotContainKey("minAvailable");
    }
    assertThat(budgets).hasSize(ROLES.size());
  }

  @Test
  @DisplayName("Kubernetes: an Ingress with TLS (a tls Secret, the host of its rule) is the one way in, to the "
    + "gateway Service's API port; the Service itself is internal")
  void kubernetesIngress() throws IOException {
    List<Map<String, Object>> docs = kubernetesDocs();
    List<Map<String, Object>> ingresses = kinds(docs, "Ingress");
    assertThat(ingresses).hasSize(1);
    Map<String, Object> spec = map(ingresses.get(0).get("spec"));
    List<Object> tls = list(spec.get("tls"));
    assertThat(tls).isNotEmpty();
    Set<String> tlsHosts = new HashSet<>();
    for (Object entry : tls) {
      assertThat(String.valueOf(map(entry).get("secretName"))).isNotBlank().isNotEqualTo("null");
      tlsHosts.addAll(strings(map(entry).get("hosts")));
    }
    Map<String, Object> gateway = named(docs, "Service", "ticketping-gateway");
    Set<Object> gatewayPorts = new HashSet<>();
    list(map(gateway.get("spec")).get("ports")).forEach(p -> gatewayPorts.add(map(p).get("name")));
    for (Object rule : list(spec.get("rules"))) {
      assertThat(tlsHosts).as("the rule's host is served over TLS").contains(String.valueOf(map(rule).get("host")));
      for (Object path : list(map(map(rule).get("http")).get("paths"))) {
        Map<String, Object> service = map(map(map(path).get("backend")).get("service"));
        assertThat(service).containsEntry("name", "ticketping-gateway");
        assertThat(gatewayPorts).contains(map(service.get("port")).get("name"));
      }
    }
    kinds(docs, "Service").forEach(service -> assertThat(map(service.get("spec")).getOrDefault("type", "ClusterIP"))
      .as("type of Service %s", name(service)).isEqualTo("ClusterIP"));
  }

  @Test
  @DisplayName("Kubernetes: /metrics is scraped on the metrics port of the ConfigMap, a container port that no Service "
    + "exposes")
  void kubernetesMetricsPort() throws IOException {
    List<Map<String, Object>> docs = kubernetesDocs();
    String port = String.valueOf(configMap(docs).get("TICKETPING_METRICS_PORT"));
    assertThat(port).matches("[1-9][0-9]*").isNotEqualTo("8080");
    for (Map<String, Object> deployment : kinds(docs, "Deployment")) {
      Map<String, Object> template = map(map(deployment.get("spec")).get("template"));
      assertThat(map(map(template.get("metadata")).get("annotations"))).containsEntry("prometheus.io/port", port);
      Map<String, Object> container = firstContainer(deployment);
      assertThat(list(container.get("ports"))).as("container ports of %s", name(deployment))
        .contains(Map.of("name", "metrics", "containerPort", Integer.parseInt(port)));
    }
    for (Map<String, Object> service : kinds(docs, "Service")) {
      for (Object value : list(map(service.get("spec")).get("ports"))) {
        Map<String, Object> servicePort = map(value);
        assertThat(List.of(String.valueOf(servicePort.get("port")), String.valueOf(servicePort.get("targetPort"))))
          .as("Service %s does not expose the metrics port", name(service)).doesNotContain(port, "metrics");
      }
    }
  }

  @Test
  @DisplayName("one Kafka version everywhere: the compose and Kubernetes images are of the version the tests' broker "
    + "runs (kafka-broker/pom.xml)")
  void oneKafkaVersion() throws IOException {
    String reference = Files.readString(Path.of("..", "kafka-broker", "pom.xml"));
    Matcher used = Pattern.compile("<artifactId>kafka_2\\.13</artifactId>\\s*<version>\\$\\{([^}]+)}</version>")
      .matcher(reference);
    assertThat(used.find()).as("kafka-broker's broker version property").isTrue();
    Matcher defined = Pattern.compile("<" + Pattern.quote(used.group(1)) + ">([^<]+)</")
      .matcher(Files.readString(Path.of("..", "pom.xml")));
    assertThat(defined.find()).isTrue();
    String version = defined.group(1);
    assertThat(version).startsWith("4.");
    Map<String, Object> services = map(map(load(COMPOSE).get(0)).get("services"));
    assertThat(map(services.get("kafka")).get("image")).isEqualTo("apache/kafka:" + version);
    Map<String, Object> kafka = firstContainer(named(kubernetesDocs(), "StatefulSet", "kafka"));
    assertThat(kafka.get("image")).isEqualTo("apache/kafka:" + version);
  }

  @Test
  @DisplayName("the kustomization lists every manifest of deploy/k8s, in file order, in the namespace they use")
  void kustomization() throws IOException {
    Map<String, Object> kustomization = map(load(K8S.resolve(KUSTOMIZATION)).get(0));
    assertThat(kustomization).containsEntry("kind", "Kustomization").containsEntry("namespace", "ticketping");
    List<String> files = manifestFiles().stream().map(f -> f.getFileName().toString()).toList();
    assertThat(strings(kustomization.get("resources"))).containsExactlyElementsOf(files);
  }

  /** The Dockerfile's instructions, comments dropped and continued lines joined. */
  private static List<String> dockerInstructions() throws IOException {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(DOCKERFILE)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        continue;
      }
      current.append(current.isEmpty() ? "" : " ").append(trimmed.endsWith("\\")
        ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed);
      if (!trimmed.endsWith("\\")) {
        instructions.add(current.toString());
        current.setLength(0);
      }
    }
    return instructions;
  }

  /** The UID and GID of the runtime stage's last USER instruction, numeric so that Kubernetes can check them. */
  private static int[] dockerUser() throws IOException {
    List<String> users = dockerInstructions().stream().filter(l -> l.startsWith("USER ")).toList();
    assertThat(users).isNotEmpty();
    String user = users.get(users.size() - 1).substring("USER ".length());
    assertThat(user).as("USER uid:gid").matches("[0-9]+:[0-9]+");
    String[] ids = user.split(":");
    return new int[] {Integer.parseInt(ids[0]), Integer.parseInt(ids[1])};
  }

  private static List<Map<String, Object>> kinds(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> d.get("kind").equals(kind)).toList();
  }

  private static Map<String, Object> named(List<Map<String, Object>> docs, String kind, String name) {
    return kinds(docs, kind).stream().filter(d -> name(d).equals(name)).findFirst()
      .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static Map<String, Object> podSpec(Map<String, Object> workload) {
    return map(map(map(workload.get("spec")).get("template")).get("spec"));
  }

  private static Map<String, Object> firstContainer(Map<String, Object> workload) {
    return map(list(podSpec(workload).get("containers")).get(0));
  }

  private static Map<String, Object> configMap(List<Map<String, Object>> docs) {
    return map(named(docs, "ConfigMap", "ticketping-config").get("data"));
  }

  /** The resource manifests of {@code deploy/k8s}: every .yaml file but the kustomization that lists them. */
  private static List<Path> manifestFiles() throws IOException {
    try (Stream<Path> files = Files.list(K8S)) {
      return files.filter(f -> f.toString().endsWith(".yaml") && !f.getFileName().toString().equals(KUSTOMIZATION))
        .sorted().toList();
    }
  }

  /** Every resource of the manifests, in file order, each checked to have an apiVersion, a kind and a name. */
  private static List<Map<String, Object>> kubernetesDocs() throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Path file : manifestFiles()) {
      for (Object doc : load(file)) {
        Map<String, Object> resource = map(doc);
        assertThat(resource).as("resource in %s", file).containsKeys("apiVersion", "kind", "metadata");
        assertThat(map(resource.get("metadata")).get("name")).as("name in %s", file).isNotNull();
        docs.add(resource);
      }
    }
    return docs;
  }

  /**
   * Hazelcast finds the members through a headless Service in front of every role's pods (not-ready ones too, as a
   * pod joins before it is ready), so that any role can run several replicas.
   */
  private static void assertClusterDiscovery(List<Map<String, Object>> docs, List<Map<String, Object>> deployments) {
    Map<String, Object> config = configMap(docs);
    String dns = String.valueOf(config.get("TICKETPING_CLUSTER_KUBERNETES_SERVICE_DNS"));
    String serviceName = dns.split("\\.")[0];
    Map<String, Object> service = named(docs, "Service", serviceName);
    assertThat(dns).isEqualTo(serviceName + ".ticketping.svc.cluster.local");
    Map<String, Object> spec = map(service.get("spec"));
    assertThat(spec).containsEntry("clusterIP", "None").containsEntry("publishNotReadyAddresses", true);
    assertThat(String.valueOf(map(list(spec.get("ports")).get(0)).get("port")))
      .isEqualTo(String.valueOf(AppConfig.defaults().getJsonObject("cluster").getInteger("port")));
    for (Map<String, Object> deployment : deployments) {
      Map<String, Object> labels = map(map(map(map(deployment.get("spec")).get("template")).get("metadata"))
        .get("labels"));
      assertThat(labels.entrySet()).as("the discovery Service selects %s", name(deployment))
        .containsAll(map(spec.get("selector")).entrySet());
    }
  }

  private static Map<String, String> kafkaEnv(List<Map<String, Object>> docs) {
    Map<String, Object> container = firstContainer(named(docs, "StatefulSet", "kafka"));
    Map<String, String> env = new HashMap<>();
    list(container.get("env")).forEach(e -> env.put(String.valueOf(map(e).get("name")),
      String.valueOf(map(e).get("value"))));
    return env;
  }

  /** A TICKETPING_* variable must override a key of conf/application.json, or it does nothing. */
  private static void assertKnownOverride(String variable) {
    assertThat(variable).startsWith("TICKETPING_");
    assertThat(AppConfig.unknownVariables(AppConfig.defaults(), Map.of(variable, ""), ENV_ONLY))
      .as("%s overrides a configuration key", variable).isEmpty();
  }

  private static boolean isSecret(String variable) {
    return variable.endsWith("PASSWORD") || variable.endsWith("SECRET") || variable.endsWith("PRIVATE_KEY_PEM")
      || variable.endsWith("SECRET_KEY");
  }

  private static List<Object> load(Path file) throws IOException {
    List<Object> docs = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file)) {
      new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader).forEach(doc -> {
        if (doc != null) {
          docs.add(doc);
        }
      });
    }
    assertThat(docs).as("documents in %s", file).isNotEmpty();
    return docs;
  }

  private static String name(Map<String, Object> resource) {
    return String.valueOf(map(resource.get("metadata")).get("name"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<Object>) value;
  }

  private static List<String> strings(Object value) {
    return list(value).stream().map(String::valueOf).toList();
  }
}
