package dev.gmp.agent;

import dev.gmp.agent.config.AgentConfig;
import dev.gmp.internal.leak.LeakDetector;
import java.lang.instrument.Instrumentation;
import java.util.Locale;

/**
 * {@code leaks=} (docs/architecture.md §4.5). {@code proven} sets {@code jdk.trackAllThreads=false} before the
 * JDK reads it (in {@code jdk.internal.vm.ThreadContainers}' static initialiser), so a goroutine parked on an
 * object nobody can reach is garbage-collected and can be reported as leaked, with no false positives. The trade-off: the
 * JDK's thread dump ({@code jcmd Thread.dump_to_file}) no longer lists parked virtual threads; GMP's goroutine
 * dump does. {@code suspected} keeps the JDK's tracking. The mode and threshold reach the default runtime's leak
 * detector through its builder (AgentStarter); the one system property set here is the JDK's own.
 */
final class LeakMode {
    static final String TRACK = "jdk.trackAllThreads";
    static final String CONTAINERS = "jdk.internal.vm.ThreadContainers";

    private LeakMode() {}

    /** Applies the mode; returns the banner's note on it (said once, there). */
    static String apply(AgentConfig cfg, Instrumentation inst, AgentLog log) {
        if (cfg.leaks != LeakDetector.Mode.PROVEN) {
            return "leaks=" + cfg.leaks.name().toLowerCase(Locale.ROOT);
        }
        String given = System.getProperty(TRACK);
        if (given != null && !given.isEmpty() && !given.equalsIgnoreCase("false")) {
            log.warn("leaks=proven needs " + TRACK + "=false but -D" + TRACK + "=" + given + " was given: leaked "
                    + "goroutines cannot be proven; use leaks=suspected, or drop the flag");
            return "leaks=proven(off: " + TRACK + "=" + given + ")";
        }
        if (isLoaded(inst, CONTAINERS) && (given == null || given.isEmpty())) {
            log.warn("the JDK read " + TRACK + " (as true) before the agent started; leaked goroutines cannot be "
                    + "proven in this JVM; use leaks=suspected or start the agent with -javaagent");
            return "leaks=proven(off: " + TRACK + " already read)";
        }
        System.setProperty(TRACK, "false");
        return "leaks=proven(" + TRACK + "=false)"; // what that costs (jcmd dumps) is in docs/leaks.md
    }

    private static boolean isLoaded(Instrumentation inst, String name) {
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
