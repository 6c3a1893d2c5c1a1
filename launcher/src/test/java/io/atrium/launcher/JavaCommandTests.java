package io.atrium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every service JVM gets the same options; a training run differs from a normal run only by how it uses the cache. */
class JavaCommandTests {

    private final JavaCommand command = new JavaCommand(
            "/jdk/bin/java", List.of("-XX:+UseSerialGC", "-Xmx512m"), Path.of("/aot/contact/app/contact.jar"));

    @Test
    void aNormalRunPutsTheOptionsAndTheCacheBeforeTheJar() {
        assertThat(command.run(null))
                .containsExactly(
                        "/jdk/bin/java", "-XX:+UseSerialGC", "-Xmx512m", "-jar", "/aot/contact/app/contact.jar");
        assertThat(command.run(Path.of("/aot/contact/app.aot")))
                .containsExactly(
                        "/jdk/bin/java",
                        "-XX:+UseSerialGC",
                        "-Xmx512m",
                        "-XX:AOTCache=/aot/contact/app.aot",
                        "-jar",
                        "/aot/contact/app/contact.jar");
    }

    @Test
    void aTrainingRunHasTheSameOptionsWritesTheCacheAndExitsOnceTheContextHasRefreshed() {
        assertThat(command.train(Path.of("/aot/contact/app.aot")))
                .containsExactly(
                        "/jdk/bin/java",
                        "-XX:+UseSerialGC",
                        "-Xmx512m",
                        "-XX:AOTCacheOutput=/aot/contact/app.aot",
                        "-Dspring.context.exit=onRefresh",
                        "-jar",
                        "/aot/contact/app/contact.jar");
    }

    @Test
    void extractingUsesSpringBootsJarTools() {
        assertThat(JavaCommand.extract("java", Path.of("x.jar"), Path.of("/aot/x/app")))
                .containsExactly("java", "-Djarmode=tools", "-jar", "x.jar", "extract", "--destination", "/aot/x/app");
    }

    @Test
    void theOptionsFileSkipsCommentsAndBlankLinesAndTheEnvironmentReplacesIt(@TempDir Path root) throws IOException {
        assertThat(JavaCommand.options(root, null)).isEmpty();
        Files.createDirectories(root.resolve("bin"));
        Files.writeString(root.resolve("bin/jvm.options"), "# why\n-XX:+UseSerialGC\n\n  -Xmx512m  \n# -Xss1m\n");
        assertThat(JavaCommand.options(root, null)).containsExactly("-XX:+UseSerialGC", "-Xmx512m");
        assertThat(JavaCommand.options(root, " ")).containsExactly("-XX:+UseSerialGC", "-Xmx512m");
        assertThat(JavaCommand.options(root, " -Xmx1g  -XX:+UseG1GC ")).containsExactly("-Xmx1g", "-XX:+UseG1GC");
    }

    @Test
    void theRepositorysOptionsPickASmallHeapAndTheSerialCollector() throws IOException {
        List<String> options =
                JavaCommand.options(Path.of("..").toAbsolutePath().normalize(), null);
        assertThat(options).contains("-XX:+UseSerialGC").anyMatch(o -> o.startsWith("-Xmx"));
        assertThat(options).allMatch(o -> o.startsWith("-"));
        assertThat(options).noneMatch(o -> o.startsWith("-XX:TieredStopAtLevel"));
    }
}
