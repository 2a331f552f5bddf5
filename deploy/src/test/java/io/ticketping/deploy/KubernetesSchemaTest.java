package io.ticketping.deploy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests of {@code deploy/k8s} against the Kubernetes API schemas, offline: {@code kube-validate/validate.mjs}
 * (kubernetes-models' bundled schemas; {@code scripts/install-deps} installs Node.js and the packages).
 */
class KubernetesSchemaTest {

  private static final Path VALIDATOR = Path.of("kube-validate");

  @Test
  @DisplayName("every resource of deploy/k8s is valid for the schema of its apiVersion and kind")
  void manifestsAreValid() throws Exception {
    List<String> files;
    try (Stream<Path> all = Files.list(Path.of("k8s"))) {
      files = all.map(Path::toString).filter(f -> f.endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted()
        .toList();
    }
    long documents = 0;
    for (String file : files) {
      documents += Files.readString(Path.of(file)).split("(?m)^---\\s*$").length;
    }
    Result result = validate(files);
    assertThat(result.exit).as(result.output).isZero();
    assertThat(result.output).contains(documents + " valid, 0 invalid");
  }

  @Test
  @DisplayName("the validator refuses a manifest that breaks the schema, naming the fields")
  void brokenManifestIsRefused(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: broken}
      spec:
        replicas: two
        selector: {matchLabels: {app: broken}}
        template:
          metadata: {labels: {app: broken}}
          spec:
            containers:
              - name: broken
                image: broken:1
                startupProbe: {httpGet: {path: /health}}
      """);
    Result result = validate(List.of(broken.toString()));
    assertThat(result.exit).isEqualTo(1);
    assertThat(result.output).contains("0 valid, 1 invalid", "spec/replicas must be integer",
      "startupProbe/httpGet must have required property port");
  }

  private record Result(int exit, String output) {
  }

  private static Result validate(List<String> files) throws IOException, InterruptedException {
    assertThat(VALIDATOR.resolve("node_modules").resolve("kubernetes-models"))
      .as("the validator's packages (scripts/install-deps installs them)").isDirectory();
    List<String> command = new ArrayList<>(List.of("node", VALIDATOR.resolve("validate.mjs").toString()));
    command.addAll(files);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
