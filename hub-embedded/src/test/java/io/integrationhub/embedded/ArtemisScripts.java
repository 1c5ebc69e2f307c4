package io.integrationhub.embedded;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scripts of {@code artemis/} as an operator does (the real Artemis 2.40.0 distribution from Maven Central,
 * cached under {@code home}), with an environment of the test's own: none of the developer's HUB_ or broker
 * variables leak in.
 */
final class ArtemisScripts {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private final Path home;
    private final Map<String, String> environment = new HashMap<>(System.getenv());

    ArtemisScripts(Path home, Map<String, String> settings) {
        this.home = home;
        environment.keySet().removeIf(name -> name.startsWith("HUB_") || name.contains("_BROKER_")
                || name.equals("JAVA_ARGS_APPEND"));
        environment.put("HUB_ARTEMIS_HOME", home.toString());
        environment.putAll(settings);
    }

    /** Runs {@code artemis/<script> <arguments>}; fails with the script's output when it fails or hangs. */
    String run(String script, String... arguments) throws IOException, InterruptedException {
        Files.createDirectories(home);
        Path log = home.resolve(script.replace(".sh", "") + "-" + String.join("-", arguments)
                .replaceAll("[^A-Za-z0-9-]", "") + ".log");
        List<String> command = new ArrayList<>(List.of(REPO.resolve("artemis/" + script).toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(240, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish in 240 s: " + Files.readString(log));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + Files.readString(log));
        }
        return Files.readString(log);
    }

    /** Deletes a broker instance (journal included); the cached distribution stays. */
    void deleteInstance(String name) throws IOException {
        Path folder = home.resolve(name);
        if (Files.exists(folder)) {
            try (var paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The first of {@code count} consecutive free ports (the cluster script numbers its nodes' ports so). */
    static int freePorts(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = freePort();
            if (first + count > 65535) {
                continue;
            }
            boolean allFree = true;
            for (int i = 1; i < count && allFree; i++) {
                try (ServerSocket socket = new ServerSocket(first + i)) {
                    allFree = socket.getLocalPort() == first + i;
                } catch (IOException taken) {
                    allFree = false;
                }
            }
            if (allFree) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports found");
    }
}
