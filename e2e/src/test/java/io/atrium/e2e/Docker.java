package io.atrium.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Docker CLI, for the compose platform's containers: found by their compose labels (project and service), so
 * the compose file's naming scheme does not matter.
 */
record Docker(String project) {

    static Docker ofEnvironment() {
        return new Docker(System.getenv().getOrDefault("COMPOSE_PROJECT_NAME", "atrium"));
    }

    /** The containers of a compose service, running or not, in replica order. */
    List<String> containers(String service) {
        List<String> names = new ArrayList<>(Arrays.asList(run(
                        "ps",
                        "-a",
                        "--filter",
                        "label=com.docker.compose.project=" + project,
                        "--filter",
                        "label=com.docker.compose.service=" + service,
                        "--format",
                        "{{.Names}}")
                .strip()
                .split("\n")));
        names.removeIf(String::isBlank);
        names.sort(null);
        if (names.isEmpty()) {
            throw new IllegalStateException("No container of " + service + " in compose project " + project);
        }
        return names;
    }

    /** Every container of the project with its state and health, e.g. "atrium_kafka_1 running healthy". */
    List<String> states() {
        List<String> lines = new ArrayList<>();
        for (String id : run("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project)
                .strip()
                .split("\n")) {
            if (!id.isBlank()) {
                lines.add(run(
                                "inspect",
                                "-f",
                                "{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}",
                                id)
                        .strip());
            }
        }
        return lines;
    }

    /** Whether every container of the project runs and, where it has a health check, passes it. */
    boolean allHealthy() {
        return states().stream().allMatch(s -> s.endsWith(" running healthy") || s.endsWith(" running"));
    }

    String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
