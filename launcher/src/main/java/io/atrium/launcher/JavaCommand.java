package io.atrium.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a service JVM: the shared JVM options ({@code bin/jvm.options}, or {@code ATRIUM_JAVA_OPTIONS}
 * instead), then how the JDK's AOT cache is used — created by a training run that exits once the Spring context has
 * refreshed, or read by a normal run — and the jar.
 */
record JavaCommand(String java, List<String> options, Path jar) {

    /** The options of {@code bin/jvm.options} under {@code root}, or of {@code ATRIUM_JAVA_OPTIONS} when it is set. */
    static List<String> options(Path root, String configured) throws IOException {
        if (configured != null && !configured.isBlank()) {
            return List.of(configured.strip().split("\\s+"));
        }
        Path file = root.resolve("bin/jvm.options");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return parse(Files.readAllLines(file));
    }

    /** One option a line; blank lines and lines starting with {@code #} are skipped, as java's argument files do. */
    static List<String> parse(List<String> lines) {
        return lines.stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    /** A normal run; with an AOT cache when {@code cache} is given. */
    List<String> run(Path cache) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(options);
        if (cache != null) {
            command.add("-XX:AOTCache=" + cache);
        }
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /**
     * A training run: the application starts with the same options, exits when its context has refreshed (every
     * singleton created, nothing started: no port is bound, no listener consumes), and the JVM writes the AOT cache.
     */
    List<String> train(Path cache) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(options);
        command.add("-XX:AOTCacheOutput=" + cache);
        command.add("-Dspring.context.exit=onRefresh");
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** Unpacks an executable jar into {@code destination} (the application jar and {@code lib/}). */
    static List<String> extract(String java, Path jar, Path destination) {
        return List.of(
                java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", destination.toString());
    }
}
