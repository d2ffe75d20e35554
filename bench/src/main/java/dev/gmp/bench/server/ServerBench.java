package dev.gmp.bench.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server benchmarks, each server under the same bounded load ({@link HttpLoad}) in three setups: with no
 * agent, with the agent and {@code virtualthreads=jdk} (its rewrites, JFR hooks and metrics scraped every second,
 * but the JDK's scheduler), and with the agent and {@code virtualthreads=gmp} (the same, on GMP). Rounds rotate
 * the order of the setups so drift in machine load hits all three alike.
 *
 * <ul>
 * <li>{@code servers}: {@link JettyServer}, with the agent's {@code /metrics} scraped; the table shows medians.
 *     Then one more run of the agent with the JDK's scheduler under JFR, for the agent's own share of the
 *     server's CPU samples ({@link #agentShare}).
 * <li>{@code apps}: real services, {@link dev.gmp.bench.server.boot.BootService} (Spring Boot, Tomcat, scraped
 *     on {@code /actuator/prometheus} in every setup) and {@link HelidonServer} (the agent's {@code /metrics}
 *     scraped), each with a CPU-bound {@code /cpu} and a file-reading {@code /file}: the three setups run side by
 *     side and are loaded in turn, in short slices ({@link #apps}). Prints one tab-separated line per slice
 *     ({@link #APPS_HEADER}) for bench/apps.py, which pairs the setups of each round.
 * <li>{@code startup}: the JVM startup time of {@link Startup} with and without the agent, interleaved.
 * </ul>
 *
 * <pre>java -cp benchmarks.jar dev.gmp.bench.server.ServerBench servers AGENT_JAR [rounds [conns [warmup_s
 *     [measure_s [server_cpus]]]]]
 * java -cp benchmarks.jar dev.gmp.bench.server.ServerBench apps AGENT_JAR APPS_CLASSPATH [forks [rounds [conns
 *     [warmup_s [slice_ms [server_cpus]]]]]]
 * java -cp benchmarks.jar dev.gmp.bench.server.ServerBench startup AGENT_JAR [runs]</pre>
 *
 * {@code APPS_CLASSPATH} is the services' class path (bench/target/classes and the dependencies Maven lists in
 * bench/target/apps-classpath.txt): Spring Boot and Helidon run from their own jars, not from the shaded
 * benchmarks.jar. With {@code server_cpus} (a taskset list, e.g. {@code 0}) the server runs on those CPUs; run the
 * driver itself pinned to the others ({@code taskset -c 1 java ...}) so client and server do not share a core.
 * Run the startup part unpinned: a JVM that sees one CPU starts differently (serial GC, fewer compiler threads).
 */
public final class ServerBench {
    private static final String[] SETUPS = {"no agent", "agent, virtualthreads=jdk", "agent, virtualthreads=gmp"};
    /** The columns of the {@code apps} mode's output. */
    static final String APPS_HEADER = "app\tendpoint\tfork\tround\tsetup\trps\tp50_us\tp99_us\terrors";

    /**
     * A benchmark server: its main class and class path, the endpoints loaded one after the other in each run,
     * and where its metrics are scraped: {@code scrapePath} on its own port in every setup, or (null) the agent's
     * {@code prometheus=} endpoint under the agent.
     */
    private record App(String name, String mainClass, String classPath, List<String> endpoints, String scrapePath) {}

    private record Run(List<HttpLoad.Result> loads, long served, long goroutinesCreated, int scrapes,
                       java.time.Instant from, java.time.Instant to) {
        HttpLoad.Result load() {
            return loads.get(0);
        }
    }

    private ServerBench() {}

    public static void main(String[] args) throws Exception {
        boolean apps = args.length >= 3 && args[0].equals("apps");
        if (args.length < 2 || !(apps || args[0].equals("servers") || args[0].equals("startup"))) {
            System.err.println("usage: ServerBench servers AGENT_JAR [rounds [conns [warmup_s [measure_s "
                    + "[server_cpus]]]]] | ServerBench apps AGENT_JAR APPS_CLASSPATH [forks [rounds [conns [warmup_s "
                    + "[slice_ms [server_cpus]]]]]] | ServerBench startup AGENT_JAR [runs]");
            System.exit(2);
        }
        String agent = args[1];
        if (args[0].equals("startup")) {
            startup(agent, args.length > 2 ? Integer.parseInt(args[2]) : 10);
            return;
        }
        if (apps) {
            apps(agent, args[2], args.length > 3 ? Integer.parseInt(args[3]) : 2,
                    args.length > 4 ? Integer.parseInt(args[4]) : 10, args.length > 5 ? Integer.parseInt(args[5]) : 32,
                    args.length > 6 ? Long.parseLong(args[6]) * 1000 : 6000,
                    args.length > 7 ? Long.parseLong(args[7]) : 1000, args.length > 8 ? args[8] : null);
            return;
        }
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int conns = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        long warmup = args.length > 4 ? Long.parseLong(args[4]) * 1000 : 4000;
        long measure = args.length > 5 ? Long.parseLong(args[5]) * 1000 : 6000;
        String serverCpus = args.length > 6 ? args[6] : null;
        App jetty = new App("jetty", JettyServer.class.getName(), System.getProperty("java.class.path"),
                List.of("/work"), null);
        Map<Integer, List<Run>> runs = new HashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < SETUPS.length; k++) {
                int s = (k + r) % SETUPS.length;
                Run run = serve(jetty, s, agent, serverCpus, conns, warmup, measure, List.of());
                runs.computeIfAbsent(s, x -> new ArrayList<>()).add(run);
                progress(jetty, "/work", r, s, run.load(), run.scrapes);
            }
        }
        System.out.printf(Locale.ROOT, "### Jetty 12 on virtual threads, %d keep-alive connections, %d s measured "
                + "after %d s warm-up, %d rounds (medians)%n%n", conns, measure / 1000, warmup / 1000, rounds);
        System.out.println("| setup | throughput req/s | p50 us | p99 us | errors | throughput vs no agent "
                + "| throughput vs agent+jdk |");
        System.out.println("|---|---|---|---|---|---|---|");
        double base = median(runs.get(0), x -> x.load().rps());
        double jdk = median(runs.get(1), x -> x.load().rps());
        for (int s = 0; s < SETUPS.length; s++) {
            List<Run> l = runs.get(s);
            double rps = median(l, x -> x.load().rps());
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %d | %.3f | %s |%n", SETUPS[s], rps,
                    median(l, x -> x.load().p50Micros()), median(l, x -> x.load().p99Micros()),
                    l.stream().mapToLong(x -> x.load().errors()).sum(), rps / base,
                    s == 0 ? "-" : String.format(Locale.ROOT, "%.3f", rps / jdk));
        }
        Run last = runs.get(2).get(runs.get(2).size() - 1);
        System.out.printf(Locale.ROOT, "%nUnder virtualthreads=gmp the last run served %d requests and created %d "
                + "goroutines; the agent runs answered %d scrapes of /metrics in all.%n", last.served,
                last.goroutinesCreated, runs.get(1).stream().mapToInt(Run::scrapes).sum()
                        + runs.get(2).stream().mapToInt(Run::scrapes).sum());
        System.out.printf(Locale.ROOT, "%n%s%n", agentShare(jetty, agent, serverCpus, conns, warmup, measure));
    }

    /**
     * The {@code apps} mode. A fork of a service starts its three setups side by side (three JVMs on the same
     * CPUs, each scraped every second) and warms each up on every endpoint for {@code warmup}, and then until its
     * JIT compilers have settled ({@link #settle}); then, round after
     * round, loads each endpoint on the three in turn for {@code slice} ms each (after 300 ms of new connections),
     * in an order rotated from round to round. The three measurements of a round are seconds apart, so the load
     * of that moment on the shared machine hits them alike and bench/apps.py can pair them; while one JVM is
     * loaded the other two idle. Forks repeat it all in new JVMs, for the spread between JVMs (JIT decisions).
     */
    private static void apps(String agent, String classPath, int forks, int rounds, int conns, long warmup,
                             long slice, String serverCpus) throws Exception {
        List<App> apps = List.of(
                new App("Spring Boot", "dev.gmp.bench.server.boot.BootService", classPath, List.of("/cpu", "/file"),
                        "/actuator/prometheus"),
                new App("Helidon SE", HelidonServer.class.getName(), classPath, List.of("/cpu", "/file"), null));
        boolean settling = SETTLE_MAX_MS > 0 && JitSettle.available();
        System.out.printf(Locale.ROOT, "# conns=%d warmup_s=%d slice_ms=%d forks=%d rounds=%d settle_max_s=%d%n",
                conns, warmup / 1000, slice, forks, rounds, settling ? SETTLE_MAX_MS / 1000 : 0);
        System.out.println(APPS_HEADER);
        for (App app : apps) {
            List<List<Long>> settles = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int f = 0; f < forks; f++) {
                List<Instance> setups = new ArrayList<>();
                try {
                    for (int s = 0; s < SETUPS.length; s++) {
                        setups.add(Instance.start(app, s, agent, serverCpus, List.of()));
                    }
                    for (int k = 0; k < SETUPS.length; k++) {
                        for (String endpoint : app.endpoints) {
                            HttpLoad.run(setups.get((k + f) % SETUPS.length).port, endpoint, conns, warmup, 0);
                        }
                    }
                    for (int k = 0; k < SETUPS.length && settling; k++) {
                        Instance i = setups.get((k + f) % SETUPS.length);
                        long extra = settle(i, conns);
                        settles.get(i.setup).add(extra);
                        System.err.printf(Locale.ROOT, "%s fork %d %s: JIT %s after %d s more%n", app.name, f,
                                SETUPS[i.setup], extra < 0 ? "still compiling" : "settled", Math.abs(extra) / 1000);
                    }
                    for (int r = 0; r < rounds; r++) {
                        for (String endpoint : app.endpoints) {
                            for (int k = 0; k < SETUPS.length; k++) {
                                int s = (k + r + f) % SETUPS.length;
                                HttpLoad.Result l = HttpLoad.run(setups.get(s).port, endpoint, conns, 300, slice);
                                progress(app, endpoint, f * rounds + r, s, l, setups.get(s).scrapes.get());
                                System.out.printf(Locale.ROOT, "%s\t%s\t%d\t%d\t%d\t%.1f\t%d\t%d\t%d%n",
                                        app.name, endpoint, f, r, s, l.rps(), l.p50Micros(), l.p99Micros(),
                                        l.errors());
                            }
                        }
                        System.out.flush();
                    }
                    for (Instance i : setups) {
                        Map<String, Long> values = i.stop();
                        System.err.printf(Locale.ROOT, "%s fork %d %s: served %d, goroutines created %d, "
                                + "scrapes %d%n", app.name, f, SETUPS[i.setup], values.getOrDefault("served", -1L),
                                values.getOrDefault("goroutines_created", -1L), i.scrapes.get());
                    }
                } finally {
                    setups.forEach(i -> i.process.destroyForcibly());
                }
            }
            if (!settles.get(0).isEmpty()) { // settled at least once
                System.out.println("## " + settleSentence(app, settles));
            }
            System.out.println("## " + agentShare(app, agent, serverCpus, conns, warmup, slice * rounds));
        }
    }

    /** A pass of {@link #settle}: each endpoint loaded for this long. */
    private static final long SETTLE_SLICE_MS = 2000;
    /** The JIT has settled when its compilers used at most this share of a pass's time. */
    private static final double SETTLED_SHARE = 0.01;
    /** The most load {@link #settle} adds to a setup's warm-up: 60 s, or gmp.bench.settleMaxSeconds (0: none). */
    private static final long SETTLE_MAX_MS = Long.getLong("gmp.bench.settleMaxSeconds", 60) * 1000;

    /**
     * After the fixed warm-up: loads the setup's endpoints in turn, {@link #SETTLE_SLICE_MS} each, until over one
     * such pass its JIT compilers used at most {@link #SETTLED_SHARE} of the pass's time. For the first tens of
     * seconds of load a service's compilers take half of its CPU, and a few per cent until about a minute; the
     * three setups share the server's CPUs, so compilations still queued in one would take time from another's
     * measured slice. Returns the milliseconds of load added, negated if {@link #SETTLE_MAX_MS} ran out first.
     */
    private static long settle(Instance i, int conns) throws Exception {
        JitSettle jit = new JitSettle(i.process.pid());
        jit.sinceLast();
        long pass = SETTLE_SLICE_MS * i.app.endpoints.size();
        for (long extra = pass; ; extra += pass) {
            for (String endpoint : i.app.endpoints) {
                HttpLoad.run(i.port, endpoint, conns, SETTLE_SLICE_MS, 0);
            }
            if (jit.sinceLast() <= SETTLED_SHARE * pass) {
                return extra;
            }
            if (extra >= SETTLE_MAX_MS) {
                return -extra;
            }
        }
    }

    /** What {@link #settle} added to the warm-ups of one app's forks, per setup, as one sentence. */
    private static String settleSentence(App app, List<List<Long>> settles) {
        List<Long> all = settles.stream().flatMap(List::stream).toList();
        long unsettled = all.stream().filter(x -> x < 0).count();
        java.util.function.ToDoubleFunction<Long> seconds = x -> Math.abs(x) / 1000.0;
        return String.format(Locale.ROOT, "%s: after the fixed warm-up, each setup went on loading its endpoints in "
                + "turn, %d s each, until over one such pass its JIT compilers used at most %.0f %% of the pass's "
                + "time: a further %.0f s at the median (no agent %.0f, agent+jdk %.0f, gmp %.0f), at most %d s; %d of "
                + "%d setups reached that limit still compiling.", app.name, SETTLE_SLICE_MS / 1000,
                100 * SETTLED_SHARE, median(all, seconds), median(settles.get(0), seconds),
                median(settles.get(1), seconds), median(settles.get(2), seconds), SETTLE_MAX_MS / 1000, unsettled,
                all.size());
    }

    private static void progress(App app, String endpoint, int round, int setup, HttpLoad.Result l, int scrapes) {
        System.err.printf(Locale.ROOT, "round %d %s %s %-26s %8.0f req/s p50 %5d us p99 %6d us errors %d "
                + "scrapes %d%n", round, app.name, endpoint, SETUPS[setup], l.rps(), l.p50Micros(), l.p99Micros(),
                l.errors(), scrapes);
    }

    /**
     * The agent's own CPU, which the throughput rounds cannot resolve on a noisy machine: one more run of the
     * agent with the JDK's scheduler under JFR (execution samples every 1 ms), and the share of the samples in
     * the measured window whose stack has a frame of the agent or its runtime ({@code dev.gmp.}, not this
     * benchmark's {@code dev.gmp.bench.} nor the shared server set-ups' {@code dev.gmp.testapps.}), as one
     * sentence. The window covers all of the app's endpoints.
     */
    private static String agentShare(App app, String agent, String cpus, int conns, long warmup, long measure)
            throws Exception {
        java.nio.file.Path jfr = java.nio.file.Files.createTempFile("gmp-serverbench", ".jfr");
        try {
            Run run = serve(app, 1, agent, cpus, conns, warmup, measure, List.of("-XX:StartFlightRecording=filename="
                    + jfr
                    + ",settings=profile,jdk.ExecutionSample#period=1ms"));
            long samples = 0;
            long ours = 0;
            java.util.TreeMap<String, Integer> where = new java.util.TreeMap<>();
            try (jdk.jfr.consumer.RecordingFile f = new jdk.jfr.consumer.RecordingFile(jfr)) {
                while (f.hasMoreEvents()) {
                    jdk.jfr.consumer.RecordedEvent e = f.readEvent();
                    if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                            || e.getStartTime().isBefore(run.from) || e.getStartTime().isAfter(run.to)) {
                        continue;
                    }
                    samples++;
                    for (jdk.jfr.consumer.RecordedFrame fr : e.getStackTrace().getFrames()) {
                        String c = fr.getMethod().getType().getName();
                        if (c.startsWith("dev.gmp.") && !c.startsWith("dev.gmp.bench.")
                                && !c.startsWith("dev.gmp.testapps.")) {
                            ours++;
                            where.merge(c.substring(c.lastIndexOf('.') + 1) + "." + fr.getMethod().getName(), 1,
                                    Integer::sum);
                            break;
                        }
                    }
                }
            }
            if (samples == 0) {
                throw new IllegalStateException("the profiled run recorded no execution samples");
            }
            return String.format(Locale.ROOT, "%s: the agent's own CPU (agent, virtualthreads=jdk, one more run under "
                    + "JFR sampling every 1 ms, %s): %d of %d execution samples in the measured window have a "
                    + "frame of the agent or its runtime, **%.2f %%**%s.", app.name, app.endpoints.stream()
                    .map(e -> e + " " + Math.round(run.loads.get(app.endpoints.indexOf(e)).rps()) + " req/s")
                    .collect(java.util.stream.Collectors.joining(", ")), ours, samples,
                    100.0 * ours / samples, where.isEmpty() ? "" : " (" + where.entrySet().stream()
                            .sorted((a, b) -> b.getValue() - a.getValue()).limit(5)
                            .map(x -> x.getKey() + " " + x.getValue())
                            .collect(java.util.stream.Collectors.joining(", "))
                            + ")");
        } finally {
            java.nio.file.Files.deleteIfExists(jfr);
        }
    }

    private static List<String> javaCommand(String cpus, String... rest) {
        List<String> cmd = new ArrayList<>();
        if (cpus != null) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of(rest));
        return cmd;
    }

    /** One run of {@code app} in {@code setup}: starts it, loads each of its endpoints in turn, and stops it. */
    private static Run serve(App app, int setup, String agent, String cpus, int conns, long warmup, long measure,
                             List<String> extraJvm) throws Exception {
        Instance i = Instance.start(app, setup, agent, cpus, extraJvm);
        try {
            java.time.Instant from = java.time.Instant.now().plusMillis(warmup);
            List<HttpLoad.Result> loads = new ArrayList<>();
            for (String endpoint : app.endpoints) {
                loads.add(HttpLoad.run(i.port, endpoint, conns, warmup, measure));
            }
            java.time.Instant to = java.time.Instant.now();
            Map<String, Long> values = i.stop();
            return new Run(loads, values.getOrDefault("served", -1L), values.getOrDefault("goroutines_created", -1L),
                    i.scrapes.get(), from, to);
        } finally {
            i.process.destroyForcibly();
        }
    }

    /**
     * A running server JVM of {@code app} in {@code setup}, its metrics scraped every second until {@link #stop}:
     * {@code scrapePath} on its own port in every setup, or the agent's {@code prometheus=} endpoint under the
     * agent.
     */
    private static final class Instance {
        final App app;
        final int setup;
        final Process process;
        final BufferedReader out;
        final int port;
        final AtomicBoolean scraping = new AtomicBoolean(true);
        final AtomicInteger scrapes = new AtomicInteger();
        Thread scraper;

        private Instance(App app, int setup, Process process, BufferedReader out, int port) {
            this.app = app;
            this.setup = setup;
            this.process = process;
            this.out = out;
            this.port = port;
        }

        static Instance start(App app, int setup, String agent, String cpus, List<String> extraJvm)
                throws IOException {
            int metricsPort = freePort();
            List<String> jvm = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
            if (setup > 0) {
                jvm.add("-javaagent:" + agent + "=banner=off," + (app.scrapePath == null
                        ? "prometheus=127.0.0.1:" + metricsPort + "," : "") + "virtualthreads="
                        + (setup == 1 ? "jdk" : "gmp"));
            }
            jvm.addAll(extraJvm);
            jvm.addAll(List.of("-cp", app.classPath, app.mainClass));
            Process p = new ProcessBuilder(javaCommand(cpus, jvm.toArray(String[]::new)))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            while (first != null && !first.startsWith("port=")) { // JVM or framework log lines before it serves
                first = out.readLine();
            }
            if (first == null) {
                p.destroyForcibly();
                throw new IllegalStateException(app.name + ", " + SETUPS[setup] + ": the server did not start");
            }
            Instance i = new Instance(app, setup, p, out, Integer.parseInt(first.substring(5)));
            String url = app.scrapePath != null ? "http://127.0.0.1:" + i.port + app.scrapePath
                    : setup > 0 ? "http://127.0.0.1:" + metricsPort + "/metrics" : null;
            i.scraper = Thread.ofPlatform().daemon().start(() -> {
                while (url != null && i.scraping.get()) {
                    if (scrape(url)) {
                        i.scrapes.incrementAndGet();
                    }
                    sleep(1000);
                }
            });
            return i;
        }

        /** Stops the scrapes and the server; the counts it printed ({@link ServerProtocol}). */
        Map<String, Long> stop() throws Exception {
            scraping.set(false);
            scraper.join();
            OutputStream in = process.getOutputStream();
            in.write('\n');
            in.flush();
            Map<String, Long> values = new HashMap<>();
            String line;
            while ((line = out.readLine()) != null) {
                if (line.matches("[a-z_]+=\\d+")) { // the server's own counts; the JVM may log other lines
                    int eq = line.indexOf('=');
                    values.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
                }
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(app.name + ", " + SETUPS[setup] + ": the server did not stop");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(app.name + ", " + SETUPS[setup] + ": the server exited with "
                        + process.exitValue());
            }
            return values;
        }
    }

    private static boolean scrape(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            try (InputStream in = c.getInputStream()) {
                return c.getResponseCode() == 200 && in.readAllBytes().length > 0;
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static void startup(String agent, int n) throws Exception {
        List<Long> without = new ArrayList<>();
        List<Long> with = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                boolean withAgent = (k == 0) == (i % 2 == 0);
                List<String> cmd = withAgent
                        ? javaCommand(null, "-javaagent:" + agent + "=banner=off", "-cp",
                                System.getProperty("java.class.path"), Startup.class.getName())
                        : javaCommand(null, "-cp", System.getProperty("java.class.path"), Startup.class.getName());
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0 || !output.contains("virtual=true")) {
                    throw new IllegalStateException("startup run failed: " + output);
                }
                (withAgent ? with : without).add((System.nanoTime() - t0) / 1_000_000);
            }
        }
        double a = median(with, Long::doubleValue);
        double b = median(without, Long::doubleValue);
        System.out.printf(Locale.ROOT, "### JVM startup (one virtual thread, joined; %d runs each, interleaved, "
                + "medians)%n%n| without agent ms | with agent ms | added ms |%n|---|---|---|%n| %.0f | %.0f | %.0f |%n",
                n, b, a, a - b);
    }

    private static <T> double median(List<T> l, java.util.function.ToDoubleFunction<T> f) {
        double[] v = l.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
