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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files under {@code deploy/compose} and {@code deploy/k8s}: they parse as YAML and have the structure
 * the split deployment needs. No Docker engine or cluster here, so syntax and structure only.
 */
class DeployFilesTest {

  private static final Path COMPOSE = Path.of("compose", "docker-compose.yml");
  private static final Path K8S = Path.of("k8s");
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
    + "their secrets from the environment, and Prometheus scrapes every role on the port that serves its /metrics")
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
      Object port = role.equals("gateway") ? 8080 : env.get("TICKETPING_HTTP_HEALTH_PORT");
      assertThat(targets).as("Prometheus scrapes %s", role).contains(role + ":" + port);
    }
  }

  @Test
  @DisplayName("every Kubernetes manifest parses, and each role is a Deployment with liveness /health, readiness "
    + "/ready, Prometheus scrape annotations, --role and a Service selecting it")
  void kubernetesManifests() throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object doc : load(file)) {
          Map<String, Object> resource = map(doc);
          assertThat(resource).as("resource in %s", file).containsKeys("apiVersion", "kind", "metadata");
          assertThat(map(resource.get("metadata")).get("name")).as("name in %s", file).isNotNull();
          docs.add(resource);
        }
      }
    }
    assertThat(docs).as("no Secret with values is committed").noneMatch(d -> d.get("kind").equals("Secret"));
    Set<String> statefulSets = new HashSet<>();
    docs.stream().filter(d -> d.get("kind").equals("StatefulSet")).forEach(d -> statefulSets.add(name(d)));
    assertThat(statefulSets).contains("redis-cluster", "kafka", "postgres");
    assertThat(docs).as("the roles log JSON").anyMatch(d -> d.get("kind").equals("ConfigMap")
      && name(d).equals("ticketping-config") && "json".equals(map(d.get("data")).get("TICKETPING_LOG_FORMAT")));
    assertThat(docs).anyMatch(d -> d.get("kind").equals("Job") && name(d).equals("redis-cluster-init"));

    List<Map<String, Object>> deployments = docs.stream().filter(d -> d.get("kind").equals("Deployment")).toList();
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
      Map<String, Object> container = map(list(map(template.get("spec")).get("containers")).get(0));
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
    docs.stream().filter(d -> d.get("kind").equals("ConfigMap")).forEach(cm ->
      map(cm.get("data")).keySet().forEach(DeployFilesTest::assertKnownOverride));
    assertClusterDiscovery(docs, deployments);
    assertThat(kafkaEnv(docs)).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
  }

  @Test
  @DisplayName("each role's pod gets only the Secrets and keys its code uses, the event-bus TLS files as a mounted "
    + "Secret, and no service-account token; PostgreSQL gets only its password")
  void kubernetesSecretsPerRole() throws IOException {
    List<Map<String, Object>> docs = kubernetesDocs();
    Map<String, Object> config = map(docs.stream()
      .filter(d -> d.get("kind").equals("ConfigMap") && name(d).equals("ticketping-config")).findFirst().orElseThrow()
      .get("data"));
    assertThat(config.keySet()).as("no secret in the ConfigMap").noneMatch(DeployFilesTest::isSecret);
    for (Map<String, Object> deployment : docs.stream().filter(d -> d.get("kind").equals("Deployment")).toList()) {
      Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
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
    Map<String, Object> postgres = map(list(map(map(map(docs.stream()
      .filter(d -> d.get("kind").equals("StatefulSet") && name(d).equals("postgres")).findFirst().orElseThrow()
      .get("spec")).get("template")).get("spec")).get("containers")).get(0));
    List<String> postgresSecrets = list(postgres.get("env")).stream().map(DeployFilesTest::map)
      .filter(e -> e.get("valueFrom") != null).map(e -> map(map(e.get("valueFrom")).get("secretKeyRef")))
      .map(ref -> ref.get("name") + "/" + ref.get("key")).toList();
    assertThat(postgresSecrets).containsExactly("ticketping-db/postgres-password");
  }

  @Test
  @DisplayName("only the roles' own pods may reach the Hazelcast and event-bus ports; HTTP stays open")
  void kubernetesClusterPorts() throws IOException {
    List<Map<String, Object>> docs = kubernetesDocs();
    Map<String, Object> config = map(docs.stream()
      .filter(d -> d.get("kind").equals("ConfigMap") && name(d).equals("ticketping-config")).findFirst().orElseThrow()
      .get("data"));
    Map<String, Object> policy = map(docs.stream().filter(d -> d.get("kind").equals("NetworkPolicy")).findFirst()
      .orElseThrow().get("spec"));
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
        config.get("TICKETPING_CLUSTER_EVENT_BUS_PORT"))
      .containsEntry("8080", null)
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

  private static List<Map<String, Object>> kubernetesDocs() throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        load(file).forEach(doc -> docs.add(map(doc)));
      }
    }
    return docs;
  }

  /**
   * Hazelcast finds the members through a headless Service in front of every role's pods (not-ready ones too, as a
   * pod joins before it is ready), so that any role can run several replicas.
   */
  private static void assertClusterDiscovery(List<Map<String, Object>> docs, List<Map<String, Object>> deployments) {
    Map<String, Object> config = map(docs.stream()
      .filter(d -> d.get("kind").equals("ConfigMap") && name(d).equals("ticketping-config")).findFirst().orElseThrow()
      .get("data"));
    String dns = String.valueOf(config.get("TICKETPING_CLUSTER_KUBERNETES_SERVICE_DNS"));
    String serviceName = dns.split("\\.")[0];
    Map<String, Object> service = docs.stream()
      .filter(d -> d.get("kind").equals("Service") && name(d).equals(serviceName)).findFirst().orElseThrow();
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
    Map<String, Object> kafka = docs.stream()
      .filter(d -> d.get("kind").equals("StatefulSet") && name(d).equals("kafka")).findFirst().orElseThrow();
    Map<String, Object> container = map(list(map(map(map(kafka.get("spec")).get("template")).get("spec"))
      .get("containers")).get(0));
    Map<String, String> env = new HashMap<>();
    list(container.get("env")).forEach(e -> env.put(String.valueOf(map(e).get("name")),
      String.valueOf(map(e).get("value"))));
    return env;
  }

  /** A TICKETPING_* variable must override a key of conf/application.json, or it does nothing. */
  private static void assertKnownOverride(String variable) {
    Set<String> known = new HashSet<>();
    collect(AppConfig.defaults(), "", known);
    assertThat(known.contains(variable) || ENV_ONLY.contains(variable))
      .as("%s overrides a configuration key", variable).isTrue();
  }

  private static boolean isSecret(String variable) {
    return variable.endsWith("PASSWORD") || variable.endsWith("SECRET") || variable.endsWith("PRIVATE_KEY_PEM")
      || variable.endsWith("SECRET_KEY");
  }

  private static void collect(JsonObject node, String prefix, Set<String> variables) {
    for (String name : node.fieldNames()) {
      Object value = node.getValue(name);
      if (value instanceof JsonObject child) {
        collect(child, prefix + name + ".", variables);
      } else {
        variables.add(AppConfig.envName(prefix + name));
      }
    }
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
