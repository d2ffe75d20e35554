package dev.gmp.agent.config;

/**
 * Every key the agent accepts, with its default and an example: the one table the docs are checked
 * against ({@code AgentOptionDocsTest}). The same keys are read as {@code -Dgmp.<key>} and {@code GMP_<KEY>}
 * (upper case, dots become underscores).
 */
public enum AgentOption {
    GOMAXPROCS("gomaxprocs", "CPUs (or env GOMAXPROCS)", "gomaxprocs=2", "number of Ps (an integer >= 1)"),
    MAXTHREADS("maxthreads", "10000", "maxthreads=500", "Go's debug.SetMaxThreads: more Ms is fatal"),
    SCHEDTRACE("schedtrace", "0 (off; or GODEBUG=schedtrace=N)", "schedtrace=1000",
            "print a schedtrace line every N ms to stderr"),
    SCHEDDETAIL("scheddetail", "0 (or GODEBUG=scheddetail=1)", "scheddetail=1",
            "schedtrace in its scheddetail=1 form"),
    PROMETHEUS("prometheus", "off", "prometheus=127.0.0.1:9464",
            "serve /metrics (and /debug/gmp/*) on [host:]port; host defaults to 127.0.0.1"),
    DEBUG_ENDPOINTS("debug.endpoints", "on", "debug.endpoints=off",
            "serve /debug/gmp/goroutines and /debug/gmp/sched beside /metrics"),
    VIRTUALTHREADS("virtualthreads", "gmp", "virtualthreads=jdk",
            "gmp: virtual threads created by platform threads become goroutines; jdk: leave them"),
    BLOCKING("blocking", "(none)", "blocking=com.acme.Dao#query;com.acme.Native#*",
            "methods run as syscalls (Class#method or Class#*, ';'-separated)"),
    BLOCKING_FILE("blocking.file", "(none)", "blocking.file=/etc/app/blocking.txt",
            "a file of blocking= patterns, one per line, '#' comments"),
    PREEMPT("preempt", "(none: cooperative)", "preempt=com.acme.;org.example.compute",
            "insert preemption polls at method entries and in the loops of these package prefixes "
                    + "(none in straight-line methods; in loops that call only these packages, once per chunk of "
                    + "up to 16384 iterations)"),
    LEAKS("leaks", "proven", "leaks=suspected",
            "proven: sets jdk.trackAllThreads=false so leaked goroutines are collected and reported; "
                    + "suspected: keep JDK thread tracking, report long-blocked goroutines; off"),
    LEAK_THRESHOLD("leak.threshold", "5m", "leak.threshold=90s",
            "how long a goroutine must be blocked to be a suspected leak (Go duration: 500ms, 90s, 5m, 1h)"),
    LEAK_LOG("leak.log", "logger", "leak.log=stderr",
            "where proven-leak reports go: logger: System.Logger dev.gmp.leaks (the application's logging), one "
                    + "WARNING event per leak, at most 10 full reports a minute, then one summary per creation "
                    + "site; stderr: every report in full on stderr"),
    PANIC("panic", "log", "panic=exit", "log: report an uncaught goroutine exception; exit: report and exit 2"),
    BANNER("banner", "on", "banner=off", "the one-line startup banner on stderr");

    private final String key;
    private final String defaultValue;
    private final String example;
    private final String meaning;

    AgentOption(String key, String defaultValue, String example, String meaning) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.example = example;
        this.meaning = meaning;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String example() {
        return example;
    }

    public String meaning() {
        return meaning;
    }

    /** {@code -Dgmp.<key>}. */
    public String property() {
        return "gmp." + key;
    }

    /** {@code GMP_<KEY>}. */
    public String envVar() {
        return "GMP_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }

    /** The option named {@code key}, or null. */
    public static AgentOption byKey(String key) {
        for (AgentOption o : values()) {
            if (o.key.equals(key)) {
                return o;
            }
        }
        return null;
    }

    /** All keys, comma-separated (for the unknown-key message). */
    public static String allKeys() {
        StringBuilder sb = new StringBuilder();
        for (AgentOption o : values()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(o.key);
        }
        return sb.toString();
    }
}
