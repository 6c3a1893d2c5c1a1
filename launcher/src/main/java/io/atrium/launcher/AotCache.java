package io.atrium.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Where a service's extracted jar and JDK AOT cache live: {@code <folder>/<service>/<key>/}, the key naming what the
 * cache is only valid for — the jar's content (entry names, sizes and CRCs, so a rebuild of unchanged code keeps its
 * cache), the JDK and the JVM options. A new key replaces the service's older folders.
 */
record AotCache(Path folder) {

    /** The JDK AOT cache with a training run needs JDK 25 (JEP 514); older JDKs run the jar as it is. */
    static boolean supported(Runtime.Version version) {
        return version.feature() >= 25;
    }

    static String key(Path jar, String javaVersion, List<String> options) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().sorted(Comparator.comparing(ZipEntry::getName)).forEach(entry -> {
                update(digest, entry.getName());
                update(digest, entry.getSize() + ":" + entry.getCrc());
            });
        }
        update(digest, javaVersion);
        options.forEach(option -> update(digest, option));
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    private static void update(MessageDigest digest, String value) {
        digest.update(value.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    Path home(String service, String key) {
        return folder.resolve(service).resolve(key);
    }

    /** The extracted application jar (its {@code lib/} beside it) under {@code home}, or null when not extracted. */
    static Path extractedJar(Path home) throws IOException {
        Path app = home.resolve("app");
        if (!Files.isDirectory(app)) {
            return null;
        }
        try (Stream<Path> files = Files.list(app)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .findFirst()
                    .orElse(null);
        }
    }

    static Path cacheFile(Path home) {
        return home.resolve("app.aot");
    }

    /** Deletes the service's folders of other keys: caches of older jars, JDKs or options. */
    void forgetOthers(String service, String key) throws IOException {
        Path serviceFolder = folder.resolve(service);
        if (!Files.isDirectory(serviceFolder)) {
            return;
        }
        try (Stream<Path> homes = Files.list(serviceFolder)) {
            homes.filter(home -> !home.getFileName().toString().equals(key))
                    .filter(home -> !home.getFileName().toString().startsWith(key + "."))
                    .forEach(AotCache::delete);
        }
    }

    static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // an old cache left behind costs disk only
        }
    }
}
