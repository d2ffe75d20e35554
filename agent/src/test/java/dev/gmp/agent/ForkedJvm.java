package dev.gmp.agent;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a fixture program in a forked JVM with the real, built agent jar ({@code -Dgmp.agent.jar}, set by
 * failsafe after {@code package}) and returns only its public outputs: exit code, stdout, stderr. Every run is
 * bounded; a run that outlives its bound is killed and reported as a failure.
 */
final class ForkedJvm {
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> programArgs = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private String agentArgs; // null: the agent without arguments
    private boolean agent = true;
    private String classpath;
    private String mainClass;
    private Path jar; // non-null: java -jar
    private long timeoutSeconds = 30;
    private Path javaHome = Path.of(System.getProperty("java.home"));
    private String gc = "-XX:+UseSerialGC";

    static String agentJar() {
        String jar = System.getProperty("gmp.agent.jar");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("-Dgmp.agent.jar must name the built agent jar (run with mvn verify); got "
                    + jar);
        }
        return jar;
    }

    /**
     * The fixtures (test classes) plus the test-scoped servers (gmp-test-apps, Jetty, Helidon), as the build lists
     * them; never gmp-runtime, whose classes come from the agent jar (agent/pom.xml, forked-test-classpath).
     */
    static String testClasspath() {
        String cp = System.getProperty("gmp.test.classpath");
        String deps = System.getProperty("gmp.test.deps.file");
        if (deps != null && new File(deps).isFile()) {
            try {
                cp = cp + File.pathSeparator + Files.readString(Path.of(deps)).trim();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return cp;
    }

    /** A loopback port free now, for a forked JVM's {@code prometheus=}. */
    static int freeLoopbackPort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            return probe.getLocalPort();
        }
    }

    static ForkedJvm main(Class<?> mainClass, String... args) {
        ForkedJvm f = new ForkedJvm();
        f.mainClass = mainClass.getName();
        f.programArgs.addAll(Arrays.asList(args));
        return f;
    }

    /** A single-file source program ({@code java Hello.java}), which runs on any JVM from Java 11. */
    static ForkedJvm sourceFile(Path file) {
        ForkedJvm f = new ForkedJvm();
        f.mainClass = file.toString();
        f.classpath = file.getParent().toString();
        return f;
    }

    /** Another JVM than the one running the tests. */
    ForkedJvm javaHome(Path home) {
        this.javaHome = home;
        return this;
    }

    /** The collector, a JVM option such as {@code -XX:+UseZGC}; Serial unless set. */
    ForkedJvm gc(String option) {
        this.gc = option;
        return this;
    }

    ForkedJvm agentArgs(String args) {
        this.agentArgs = args;
        return this;
    }

    /** Run without the agent; the runtime then comes from the agent jar on the class path (it is unrelocated). */
    ForkedJvm noAgent() {
        this.agent = false;
        return this;
    }

    ForkedJvm jvm(String... args) {
        jvmArgs.addAll(Arrays.asList(args));
        return this;
    }

    ForkedJvm env(String k, String v) {
        env.put(k, v);
        return this;
    }

    ForkedJvm classpath(String cp) {
        this.classpath = cp;
        return this;
    }

    /** {@code java -jar jar} instead of {@code -cp ... Main}. */
    ForkedJvm jarMode(Path jar) {
        this.jar = jar;
        return this;
    }

    ForkedJvm timeout(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    record Result(int exit, String out, String err, List<String> command) {
        /** The non-blank stderr lines. */
        List<String> errLines() {
            List<String> lines = new ArrayList<>();
            for (String l : err.split("\n")) {
                if (!l.isBlank()) {
                    lines.add(l);
                }
            }
            return lines;
        }

        /** The number the fixture printed as {@code key=value} on a line of its own. */
        long value(String key) {
            for (String l : out.split("\n")) {
                if (l.startsWith(key + "=")) {
                    return Long.parseLong(l.substring(key.length() + 1).trim());
                }
            }
            throw new AssertionError("no '" + key + "=' line in stdout\n" + this);
        }

        @Override
        public String toString() {
            return "command: " + String.join(" ", command) + "\nexit: " + exit + "\n--- stdout\n" + out
                    + "--- stderr\n" + err;
        }
    }

    Result run() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        cmd.add("-Xss1m");
        cmd.add("-Xmx128m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add(gc);
        if (agent) {
            cmd.add("-javaagent:" + agentJar() + (agentArgs != null ? "=" + agentArgs : ""));
        } else {
            cmd.add("--add-opens");
            cmd.add("java.base/java.lang=ALL-UNNAMED");
        }
        cmd.addAll(jvmArgs);
        if (jar != null) {
            cmd.add("-jar");
            cmd.add(jar.toString());
        } else {
            cmd.add("-cp");
            String cp = classpath != null ? classpath : testClasspath();
            cmd.add(agent ? cp : cp + File.pathSeparator + agentJar());
            cmd.add(mainClass);
        }
        cmd.addAll(programArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("GOMAXPROCS");
        pb.environment().remove("GODEBUG");
        pb.environment().keySet().removeIf(k -> k.startsWith("GMP_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("forked-out", ".txt");
        Path err = Files.createTempFile("forked-err", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Result r = new Result(done ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), cmd);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        if (!done) {
            throw new AssertionError("forked JVM did not finish within " + timeoutSeconds + " s (killed)\n" + r);
        }
        return r;
    }
}
