package dev.gmp.grafana;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external tools (promtool, prometheus, the target JVM) with bounded waits and output in files. */
final class Processes {

    /** Exit code and combined output of a finished command. */
    record Result(List<String> command, int exitCode, String output) {
        String describe() {
            return String.join(" ", command) + " exited " + exitCode + ":\n" + output;
        }
    }

    private Processes() {}

    /** A tool from {@code -D<property>} or the PATH; fails with what to install when it is not there. */
    static String tool(String property, String name) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(name + " not found on PATH: install Debian's prometheus package"
                + " (apt-get install prometheus; .ci/run does) or pass -D" + property + "=/path/to/" + name);
    }

    /** Runs {@code command} in {@code dir} to completion, killing it after {@code timeout}. */
    static Result run(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("gmp-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(p);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + ":\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(List.of(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Terminates {@code p} and its children: SIGTERM, then SIGKILL after 10 s. Null-safe. */
    static void stop(Process p) throws InterruptedException {
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The last {@code lines} lines of a log file, for failure messages. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }
}
