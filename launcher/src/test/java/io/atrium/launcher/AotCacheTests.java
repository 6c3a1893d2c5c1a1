package io.atrium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache is only valid for the jar, JDK and options it was trained with: its key changes with any of them, and not
 * with a rebuild that changed nothing but timestamps.
 */
class AotCacheTests {

    private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC");

    @TempDir
    Path dir;

    @Test
    void theKeyFollowsTheJarsContentTheJdkAndTheOptionsButNotItsTimestamps() throws IOException {
        Path jar = jar("a.jar", Map.of("A.class", "one", "lib/x.jar", "two"), Instant.parse("2026-01-01T00:00:00Z"));
        Path rebuilt =
                jar("b.jar", Map.of("A.class", "one", "lib/x.jar", "two"), Instant.parse("2026-06-01T00:00:00Z"));
        Path changed =
                jar("c.jar", Map.of("A.class", "one!", "lib/x.jar", "two"), Instant.parse("2026-01-01T00:00:00Z"));

        String key = AotCache.key(jar, "25.0.1", OPTIONS);
        assertThat(key).hasSize(16).matches("[0-9a-f]+");
        assertThat(AotCache.key(rebuilt, "25.0.1", OPTIONS)).isEqualTo(key);
        assertThat(AotCache.key(changed, "25.0.1", OPTIONS)).isNotEqualTo(key);
        assertThat(AotCache.key(jar, "25.0.2", OPTIONS)).isNotEqualTo(key);
        assertThat(AotCache.key(jar, "25.0.1", List.of("-XX:+UseG1GC"))).isNotEqualTo(key);
    }

    @Test
    void aNewKeyForgetsTheServicesOlderCachesOnly() throws IOException {
        AotCache cache = new AotCache(dir.resolve("aot"));
        Path old = cache.home("contact-service", "0000000000000000");
        Path current = cache.home("contact-service", "1111111111111111");
        Path other = cache.home("deal-service", "0000000000000000");
        for (Path home : List.of(old, current, other)) {
            Files.createDirectories(home.resolve("app/lib"));
            Files.writeString(AotCache.cacheFile(home), "cache");
        }

        cache.forgetOthers("contact-service", "1111111111111111");

        assertThat(old).doesNotExist();
        assertThat(AotCache.cacheFile(current)).exists();
        assertThat(AotCache.cacheFile(other)).exists();
    }

    @Test
    void theExtractedJarIsTheOneJarBesideLib() throws IOException {
        Path home = dir.resolve("home");
        assertThat(AotCache.extractedJar(home)).isNull();
        Files.createDirectories(home.resolve("app/lib"));
        Files.writeString(home.resolve("app/contact-service-0.1.0.jar"), "jar");
        assertThat(AotCache.extractedJar(home)).isEqualTo(home.resolve("app/contact-service-0.1.0.jar"));
    }

    @Test
    void onlyJdk25AndNewerTrainACache() {
        assertThat(AotCache.supported(Runtime.Version.parse("21.0.5"))).isFalse();
        assertThat(AotCache.supported(Runtime.Version.parse("24"))).isFalse();
        assertThat(AotCache.supported(Runtime.Version.parse("25.0.1+8"))).isTrue();
    }

    private Path jar(String name, Map<String, String> entries, Instant time) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String entryName : entries.keySet().stream().sorted().toList()) {
                ZipEntry entry = new ZipEntry(entryName);
                entry.setLastModifiedTime(FileTime.from(time));
                zip.putNextEntry(entry);
                zip.write(entries.get(entryName).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
