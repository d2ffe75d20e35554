package dev.gmp.agent.config;

import dev.gmp.GmpConfigException;
import dev.gmp.internal.env.GoEnvironment;
import dev.gmp.internal.env.Settings;
import dev.gmp.internal.leak.LeakDetector;
import dev.gmp.internal.leak.LeakLog;
import dev.gmp.internal.sched.SchedConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The agent's validated settings (docs/agent.md, options).
 *
 * <p>Sources, strongest first: the agent arguments ({@code -javaagent:gmp-agent.jar=key=value,...}), system
 * properties {@code -Dgmp.<key>}, environment variables {@code GMP_<KEY>}, then Go's own habits
 * ({@code GOMAXPROCS}, {@code GODEBUG=schedtrace=N,scheddetail=1}; for {@code gomaxprocs}, last,
 * {@code -Djdk.virtualThreadScheduler.parallelism}), then the defaults of {@link AgentOption}.
 * An unknown key in the agent arguments, or a bad value from any of our sources, is a {@link GmpConfigException}
 * whose message is the one line to print: the key as the user wrote it, what is wrong, the valid values
 * ({@link Settings}). Go's own variables are read as Go reads them ({@link GoEnvironment}): a value Go would ignore
 * is ignored, never stops the JVM, and is said once in {@link #warnings}.
 * Unknown {@code gmp.*} properties and {@code GMP_*} variables are ignored: they may belong to the application.
 *
 * <p>Parsed once, here: the agent hands the runtime's builder typed values (AgentStarter), not text to parse again.
 */
public final class AgentConfig {

    /** virtualthreads=. */
    public enum VirtualThreads { GMP, JDK }

    /** {@code [host:]port} of prometheus=. */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    // Resolved values, each with the spelling of where it came from (for messages).
    private final Map<AgentOption, Source> raw = new EnumMap<>(AgentOption.class);

    private record Source(String value, String spelling) {}

    public final Integer gomaxprocs; // null: the runtime's default (CPUs)
    public final Integer maxThreads; // null: the runtime's default (10000)
    public final long schedtraceMillis;
    public final boolean scheddetail;
    public final HostPort prometheus; // null: off
    public final boolean debugEndpoints;
    public final VirtualThreads virtualThreads;
    public final List<BlockingPattern> blocking;
    public final Path blockingFile; // null: none
    public final List<String> preempt;
    public final LeakDetector.Mode leaks;
    public final Duration leakThreshold;
    public final LeakLog.Mode leakLog;
    public final SchedConfig.Panic panic;
    public final boolean banner;
    /** Values of Go's own variables that were ignored, one line each, to be said once ({@code gmp: warning: }). */
    public final List<String> warnings;

    private final List<String> ignored = new ArrayList<>();

    private AgentConfig(String agentArgs, Properties props, Map<String, String> env) {
        collect(agentArgs, props, env);
        warnings = List.copyOf(ignored);
        Long procs = integer(AgentOption.GOMAXPROCS, Settings.Range.GOMAXPROCS);
        gomaxprocs = procs == null ? null : procs.intValue();
        Long threads = integer(AgentOption.MAXTHREADS, Settings.Range.MAXTHREADS);
        maxThreads = threads == null ? null : threads.intValue();
        Long st = integer(AgentOption.SCHEDTRACE, Settings.Range.SCHEDTRACE);
        schedtraceMillis = st == null ? 0 : st;
        Long sd = integer(AgentOption.SCHEDDETAIL, Settings.Range.SCHEDDETAIL);
        scheddetail = sd != null && sd == 1;
        prometheus = hostPort(AgentOption.PROMETHEUS);
        debugEndpoints = onOff(AgentOption.DEBUG_ENDPOINTS, true);
        virtualThreads = choice(AgentOption.VIRTUALTHREADS, VirtualThreads.class, VirtualThreads.GMP);
        List<BlockingPattern> pats = new ArrayList<>();
        Source b = raw.get(AgentOption.BLOCKING);
        if (b != null) {
            pats.addAll(BlockingPattern.parseList(b.value, b.spelling + "=" + b.value));
        }
        Source bf = raw.get(AgentOption.BLOCKING_FILE);
        blockingFile = bf == null ? null : Path.of(bf.value);
        if (bf != null) {
            pats.addAll(readPatternFile(bf));
        }
        blocking = List.copyOf(pats);
        preempt = packages(AgentOption.PREEMPT);
        leaks = choice(AgentOption.LEAKS, LeakDetector.Mode.class, LeakDetector.Mode.PROVEN);
        leakThreshold = duration(AgentOption.LEAK_THRESHOLD, LeakDetector.DEFAULT_THRESHOLD);
        leakLog = choice(AgentOption.LEAK_LOG, LeakLog.Mode.class, LeakLog.Mode.LOGGER);
        panic = choice(AgentOption.PANIC, SchedConfig.Panic.class, SchedConfig.Panic.LOG);
        banner = onOff(AgentOption.BANNER, true);
    }

    /** Parses and validates every source; throws {@link GmpConfigException} with the one line to print. */
    public static AgentConfig parse(String agentArgs, Properties props, Map<String, String> env) {
        return new AgentConfig(agentArgs, props, env);
    }

    /** The value of {@code o} as given (after precedence), or null if no source set it. */
    public String rawValue(AgentOption o) {
        Source s = raw.get(o);
        return s == null ? null : s.value;
    }

    // ---------------------------------------------------------------------------------------------------------

    private void collect(String agentArgs, Properties props, Map<String, String> env) {
        // Weakest first; each stronger source overwrites. Go's own variables (and the JDK's parallelism) are
        // read as Go reads them (GoEnvironment): a value Go would ignore is ignored, and said in warnings.
        Integer parallelism = GoEnvironment.jdkParallelism(props, ignored::add);
        if (parallelism != null) {
            raw.put(AgentOption.GOMAXPROCS, new Source(parallelism.toString(), "-D" + GoEnvironment.JDK_PARALLELISM));
        }
        Integer procs = GoEnvironment.gomaxprocs(env, ignored::add);
        if (procs != null) {
            raw.put(AgentOption.GOMAXPROCS, new Source(procs.toString(), "GOMAXPROCS"));
        }
        GoEnvironment.Godebug godebug = GoEnvironment.godebug(env, ignored::add);
        if (godebug.schedtraceMillis() != null) {
            raw.put(AgentOption.SCHEDTRACE, new Source(godebug.schedtraceMillis().toString(), "GODEBUG=schedtrace"));
        }
        if (godebug.scheddetail() != null) {
            raw.put(AgentOption.SCHEDDETAIL, new Source(godebug.scheddetail() ? "1" : "0", "GODEBUG=scheddetail"));
        }
        for (AgentOption o : AgentOption.values()) {
            String v = env.get(o.envVar());
            if (v != null) {
                raw.put(o, new Source(v.trim(), o.envVar()));
            }
        }
        for (AgentOption o : AgentOption.values()) {
            String v = props.getProperty(o.property());
            if (v != null) {
                raw.put(o, new Source(v.trim(), "-D" + o.property()));
            }
        }
        if (agentArgs != null && !agentArgs.isBlank()) {
            for (String kv : agentArgs.split(",")) {
                if (kv.isBlank()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                String key = (eq < 0 ? kv : kv.substring(0, eq)).trim();
                AgentOption o = AgentOption.byKey(key);
                if (o == null) {
                    throw new GmpConfigException(key + ": unknown option; valid: " + AgentOption.allKeys());
                }
                if (eq < 0) {
                    throw new GmpConfigException(key + ": missing value; write " + o.example());
                }
                raw.put(o, new Source(kv.substring(eq + 1).trim(), key));
            }
        }
    }

    private static GmpConfigException bad(Source s, String valid) {
        return Settings.invalid(s.spelling, s.value, valid);
    }

    private Long integer(AgentOption o, Settings.Range range) {
        Source s = raw.get(o);
        return s == null ? null : Settings.integer(s.spelling, s.value, range);
    }

    private boolean onOff(AgentOption o, boolean dflt) {
        Source s = raw.get(o);
        return s == null ? dflt : Settings.onOff(s.spelling, s.value);
    }

    private <E extends Enum<E>> E choice(AgentOption o, Class<E> type, E dflt) {
        Source s = raw.get(o);
        return s == null ? dflt : Settings.choice(s.spelling, s.value, type);
    }

    private static final String HOSTPORT_VALID = "[host:]port with port 1 to 65535 (e.g. 9464, 127.0.0.1:9464, "
            + "0.0.0.0:9464), or off";

    private HostPort hostPort(AgentOption o) {
        Source s = raw.get(o);
        if (s == null || s.value.equals("off")) {
            return null;
        }
        String v = s.value;
        String host = "127.0.0.1";
        String port = v;
        if (v.startsWith("[")) { // [ipv6]:port
            int close = v.indexOf("]:");
            if (close < 0) {
                throw bad(s, HOSTPORT_VALID);
            }
            host = v.substring(1, close);
            port = v.substring(close + 2);
        } else if (v.indexOf(':') >= 0) {
            int colon = v.lastIndexOf(':');
            host = v.substring(0, colon);
            port = v.substring(colon + 1);
            if (host.isEmpty() || host.indexOf(':') >= 0) {
                throw bad(s, HOSTPORT_VALID);
            }
        }
        try {
            int p = Integer.parseInt(port);
            if (p >= 1 && p <= 65535) {
                return new HostPort(host, p);
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw bad(s, HOSTPORT_VALID);
    }

    private static final Pattern PACKAGE_PREFIX =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*\\.?");

    private List<String> packages(AgentOption o) {
        Source s = raw.get(o);
        if (s == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String p : s.value.split(";")) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!PACKAGE_PREFIX.matcher(t).matches()) {
                throw new GmpConfigException(s.spelling + "=" + s.value + ": '" + t + "' is not a package prefix; "
                        + "valid: package prefixes separated by ';' (e.g. com.acme.;org.example.compute)");
            }
            for (String jdk : List.of("java", "javax", "jdk", "sun", "com.sun", "dev.gmp.internal", "dev.gmp.agent")) {
                if (jdk.startsWith(stripDot(t)) || stripDot(t).startsWith(jdk + ".") || stripDot(t).equals(jdk)) {
                    throw new GmpConfigException(s.spelling + "=" + s.value + ": '" + t + "' covers JDK or GMP "
                            + "runtime classes, which cannot take preemption polls; valid: application package "
                            + "prefixes separated by ';'");
                }
            }
            out.add(t);
        }
        if (out.isEmpty()) {
            throw new GmpConfigException(s.spelling + "=" + s.value + ": no package prefix; valid: package "
                    + "prefixes separated by ';' (e.g. com.acme.;org.example.compute)");
        }
        return List.copyOf(out);
    }

    private static String stripDot(String p) {
        return p.endsWith(".") ? p.substring(0, p.length() - 1) : p;
    }

    private Duration duration(AgentOption o, Duration dflt) {
        Source s = raw.get(o);
        return s == null ? dflt : Settings.positiveDuration(s.spelling, s.value);
    }

    private List<BlockingPattern> readPatternFile(Source s) {
        Path p = Path.of(s.value);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new GmpConfigException(s.spelling + "=" + s.value + ": no such readable file; valid: a path to "
                    + "a file of Class#method patterns, one per line");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GmpConfigException(s.spelling + "=" + s.value + ": cannot read (" + e.getMessage() + ")");
        }
        List<BlockingPattern> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            out.addAll(BlockingPattern.parseList(line, s.spelling + "=" + s.value + " line " + (i + 1)));
        }
        return out;
    }
}
