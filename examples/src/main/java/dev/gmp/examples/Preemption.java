package dev.gmp.examples;

import dev.gmp.examples.hog.Hog;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Preemption. At GOMAXPROCS=1 a goroutine spins for 600 ms in a loop that never calls into the runtime while
 * a ticker goroutine wants to run every 10 ms. Sysmon flags the hog after 10 ms, but a virtual thread can only
 * be stopped at a poll point: without the agent's {@code preempt=} option the loop has none and the ticker
 * starves for the whole 600 ms (Go before 1.14 behaved the same way); with {@code preempt=dev.gmp.examples.hog.}
 * the agent puts polls in the loop, the hog is preempted to the global queue, and the ticker keeps
 * its 10 ms rhythm. Watch the ticks that happen during the hog, the longest gap between ticks (on a busy host
 * a stall of the child JVM can stretch it) and the preemption count, side by side.
 *
 * <p>Each run needs a fresh JVM (the option is applied when classes load), so this example starts two child
 * JVMs with the agent jar it finds in its own command line ({@code -javaagent:...gmp-agent.jar}) or in
 * {@code -Dgmp.agent.jar}; without either it says how to run it and stops.
 */
public final class Preemption implements Example {
    static final String HOG_PACKAGE = Hog.class.getPackageName() + ".";
    static final String COMMAND = "java -javaagent:agent/target/gmp-agent.jar -jar examples/target/gmp-examples.jar"
            + " preempt";

    @Override
    public String name() {
        return "preempt";
    }

    @Override
    public String summary() {
        return "a hog loop at GOMAXPROCS=1, with and without the agent's preempt= (agent)";
    }

    @Override
    public String run(Narrator out) throws Exception {
        Path agent = agentJar();
        if (agent == null) {
            throw new NeedsAgent("preempt needs the agent", COMMAND);
        }
        out.say("Two child JVMs at GOMAXPROCS=1: a goroutine spins 600 ms without calling the runtime; a\n"
                + "ticker wants to run every 10 ms. Without preempt= the loop has no poll point and the\n"
                + "ticker starves; with preempt=" + HOG_PACKAGE + " the loop polls and gets preempted.");
        Map<String, Long> off = child(agent, "gomaxprocs=1,banner=off");
        Map<String, Long> on = child(agent, "gomaxprocs=1,banner=off,preempt=" + HOG_PACKAGE);
        out.out().printf("   %-36s %14s %18s %12s%n", "", "max tick gap", "ticks during hog", "preemptions");
        row(out, "cooperative (no preempt=)", off);
        row(out, "preempt=" + HOG_PACKAGE, on);
        return String.format("ticks during hog: %d cooperative, %d preempted (%d preemptions)",
                off.get("ticks_during_hog"), on.get("ticks_during_hog"), on.get("preemptions"));
    }

    private static void row(Narrator out, String label, Map<String, Long> r) {
        out.out().printf("   %-36s %11d ms %18d %12d%n", label, r.get("max_gap_ms"), r.get("ticks_during_hog"),
                r.get("preemptions"));
    }

    /** The agent jar: from this JVM's -javaagent argument, else -Dgmp.agent.jar; null if neither. */
    static Path agentJar() {
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-javaagent:") && arg.contains("gmp-agent")) {
                String path = arg.substring("-javaagent:".length());
                int eq = path.indexOf('=');
                Path p = Path.of(eq >= 0 ? path.substring(0, eq) : path);
                if (Files.isRegularFile(p)) {
                    return p.toAbsolutePath();
                }
            }
        }
        String prop = System.getProperty("gmp.agent.jar");
        if (prop != null && Files.isRegularFile(Path.of(prop))) {
            return Path.of(prop).toAbsolutePath();
        }
        return null;
    }

    /** Runs {@link Hog} in a child JVM with the agent and {@code options}; returns its key=value lines. */
    static Map<String, Long> child(Path agent, String options) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-javaagent:" + agent + "=" + options);
        cmd.add("-XX:TieredStopAtLevel=1"); // a short-lived child: skip C2, start faster
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Hog.class.getName());
        Path log = Files.createTempFile("gmp-hog-", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the hog JVM did not finish in 60 s:\n" + Files.readString(log));
            }
            String text = Files.readString(log);
            Map<String, Long> values = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(eq + 1).matches("\\d+")) {
                    values.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
                }
            }
            if (p.exitValue() != 0 || !values.containsKey("preemptions")) {
                throw new IllegalStateException("the hog JVM failed (exit " + p.exitValue() + "):\n" + text);
            }
            return values;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
