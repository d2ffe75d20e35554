package dev.gmp.agent.config;

import dev.gmp.GmpConfigException;
import dev.gmp.internal.env.GoEnvironment;
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
 * ({@code GOMAXPROCS}, {@code GODEBUG=schedtrace=N,scheddetail=1}), then the defaults of {@link AgentOption}.
 * An unknown key in the agent arguments, or a bad value from any source, is a {@link GmpConfigException} whose
 * message is the one line to print: the key as the user wrote it, what is wrong, the valid values.
 * Unknown {@code gmp.*} properties and {@code GMP_*} variables are ignored: they may belong to the application.
 */
public final class AgentConfig {

    /** virtualthreads=. */
    public enum VirtualThreads { GMP, JDK }

    /** leaks=. */
    public enum Leaks { PROVEN, SUSPECTED, OFF }

    /** leak.log=. */
    public enum LeakLog { LOGGER, STDERR }

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
    public final Leaks leaks;
    public final Duration leakThreshold;
    public final LeakLog leakLog;
    public final boolean panicExit;
    public final boolean banner;

    private AgentConfig(String agentArgs, Properties props, Map<String, String> env) {
        collect(agentArgs, props, env);
        gomaxprocs = integer(AgentOption.GOMAXPROCS, 1, Integer.MAX_VALUE);
        maxThreads = integer(AgentOption.MAXTHREADS, 1, 1_000_000);
        Integer st = integer(AgentOption.SCHEDTRACE, 0, Integer.MAX_VALUE);
        schedtraceMillis = st == null ? 0 : st;
        Integer sd = integer(AgentOption.SCHEDDETAIL, 0, 1);
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
        leaks = choice(AgentOption.LEAKS, Leaks.class, Leaks.PROVEN);
        leakThreshold = duration(AgentOption.LEAK_THRESHOLD, Duration.ofMinutes(5));
        leakLog = choice(AgentOption.LEAK_LOG, LeakLog.class, LeakLog.LOGGER);
        panicExit = choice(AgentOption.PANIC, PanicMode.class, PanicMode.LOG) == PanicMode.EXIT;
        banner = onOff(AgentOption.BANNER, true);
    }

    private enum PanicMode { LOG, EXIT }

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
        // Weakest first; each stronger source overwrites. Go's own variables are read as Go reads them
        // (GoEnvironment): a value Go would ignore is ignored and never stops the JVM. It is said once, by the
        // runtime's builder, which reads the same variables with the same parser (GmpRuntime.builder()).
        GoEnvironment.Godebug godebug = GoEnvironment.godebug(env, saidByTheBuilder -> { });
        if (godebug.schedtraceMillis() != null) {
            raw.put(AgentOption.SCHEDTRACE, new Source(godebug.schedtraceMillis().toString(), "GODEBUG=schedtrace"));
        }
        if (godebug.scheddetail() != null) {
            raw.put(AgentOption.SCHEDDETAIL, new Source(godebug.scheddetail() ? "1" : "0", "GODEBUG=scheddetail"));
        }
        Integer procs = GoEnvironment.gomaxprocs(env, saidByTheBuilder -> { });
        if (procs != null) {
            raw.put(AgentOption.GOMAXPROCS, new Source(procs.toString(), "GOMAXPROCS"));
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
        return new GmpConfigException(s.spelling + "=" + s.value + ": invalid value; valid: " + valid);
    }

    private Integer integer(AgentOption o, int min, int max) {
        Source s = raw.get(o);
        if (s == null) {
            return null;
        }
        try {
            long n = Long.parseLong(s.value);
            if (n >= min && n <= max) {
                return (int) n;
            }
        } catch (NumberFormatException ignored) {
            // the one-line message below
        }
        throw bad(s, max == Integer.MAX_VALUE ? "an integer >= " + min
                : max == min + 1 ? min + " or " + max : "an integer from " + min + " to " + max);
    }

    private boolean onOff(AgentOption o, boolean dflt) {
        Source s = raw.get(o);
        if (s == null) {
            return dflt;
        }
        return switch (s.value.toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw bad(s, "on, off");
        };
    }

    private <E extends Enum<E>> E choice(AgentOption o, Class<E> type, E dflt) {
        Source s = raw.get(o);
        if (s == null) {
            return dflt;
        }
        StringBuilder valid = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            String name = e.name().toLowerCase(java.util.Locale.ROOT);
            if (name.equals(s.value)) {
                return e;
            }
            valid.append(valid.isEmpty() ? "" : ", ").append(name);
        }
        throw bad(s, valid.toString());
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
        if (s == null) {
            return dflt;
        }
        Duration d = GoDuration.parse(s.value);
        if (d == null || d.isZero() || d.isNegative()) {
            throw bad(s, "a positive Go duration such as 500ms, 90s, 5m, 1h30m");
        }
        return d;
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
