package io.integrationhub.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a pinned npm tool (Redocly, the AsyncAPI CLI) the way CI does: {@code npx --yes <package> …}. */
final class Npx {

    record Result(int exitCode, String output) {
    }

    private Npx() {
    }

    static boolean available() {
        try {
            Process version = new ProcessBuilder("npx", "--version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            return version.waitFor(1, TimeUnit.MINUTES) && version.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs in {@code workingDirectory}, telemetry off; stdout only (npm's engine warnings go to stderr). */
    static Result run(Path workingDirectory, String pinnedPackage, String... arguments)
            throws IOException, InterruptedException {
        return run(workingDirectory, false, pinnedPackage, arguments);
    }

    /** As {@link #run(Path, String, String...)}, with stderr in the output too when {@code withStderr}. */
    static Result run(Path workingDirectory, boolean withStderr, String pinnedPackage, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("npx", "--yes", pinnedPackage));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        if (withStderr) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        builder.environment().put("ASYNCAPI_METRICS", "false");
        builder.environment().put("SUPPRESS_NO_CONFIG_WARNING", "true");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(pinnedPackage + " did not finish within 5 minutes");
        }
        return new Result(process.exitValue(), output);
    }
}
