package dev.gmp.bench.obs;

import dev.gmp.GmpRuntime;
import dev.gmp.GmpStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;

/**
 * What the scheduler's statistics cost on its hot paths: the same workloads in fresh JVMs with
 * {@code -Dgmp.stats=on} and {@code -Dgmp.stats=off} ({@code StatsSwitch}), interleaved round by round so that
 * drift in machine load hits both alike; medians and the on/off difference are printed.
 *
 * <pre>java -cp gmp-runtime.jar:gmp-bench.jar dev.gmp.bench.obs.StatsCost [rounds [gomaxprocs [ops]]]</pre>
 *
 * Workloads: spawn-and-join (newproc, runnext, steals, exit counters) and a ping-pong over a
 * SynchronousQueue (park/unpark through execute, runnext, latency sampling): ns per goroutine and per round trip.
 */
public final class StatsCost {
    private StatsCost() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int procs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int ops = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        List<double[]> on = new ArrayList<>();
        List<double[]> off = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            boolean onFirst = r % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean stats = (k == 0) == onFirst;
                double[] m = fork(stats, procs, ops);
                (stats ? on : off).add(m);
                System.out.printf(Locale.ROOT, "round %d stats=%-3s spawn %.1f ns/goroutine (cpu %.1f)  pingpong %.1f"
                        + " ns/roundtrip (cpu %.1f)%n", r, stats ? "on" : "off", m[0], m[2], m[1], m[3]);
            }
        }
        String[] names = {"spawn wall", "pingpong wall", "spawn cpu", "pingpong cpu"};
        for (int w = 0; w < names.length; w++) {
            double a = median(on, w);
            double b = median(off, w);
            System.out.printf(Locale.ROOT, "%-14s median on %.1f ns, off %.1f ns: stats cost %+.2f%%%n",
                    names[w], a, b, (a - b) / b * 100);
        }
    }

    private static double median(List<double[]> runs, int w) {
        double[] v = runs.stream().mapToDouble(m -> m[w]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double[] fork(boolean stats, int procs, int ops) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dgmp.stats=" + (stats ? "on" : "off"), "-Xms512m", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), StatsCost.class.getName(), "child",
                Integer.toString(procs), Integer.toString(ops))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("child failed: " + out);
        }
        String[] f = out.split(" ");
        if (!f[4].equals(Boolean.toString(stats))) {
            throw new IllegalStateException("child ran with stats=" + f[4] + ", wanted " + stats);
        }
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3])};
    }

    /**
     * Prints "spawnWall pingpongWall spawnCpu pingpongCpu statsOn" (ns per goroutine / round trip; cpu = CPU time
     * of the runtime's Ms, which run every goroutine, spinning included: nanosecond-precise per-thread clocks,
     * without GC and JIT threads, and far less sensitive than wall time to other load on the machine).
     */
    private static void child(int procs, int ops) throws Exception {
        int spawnN = ops;
        int pingN = ops;
        double[] spawn = new double[8];
        double[] ping = new double[8];
        double[] spawnCpu = new double[8];
        double[] pingCpu = new double[8];
        MCpu os = new MCpu("statscost-m");
        GmpStats end;
        try (GmpRuntime rt = GmpRuntime.builder().name("statscost").gomaxprocs(procs).build()) {
            rt.run(() -> {
                try {
                    for (int i = 0; i < spawn.length; i++) {
                        CountDownLatch done = new CountDownLatch(spawnN);
                        long c0 = os.cpu();
                        long t0 = System.nanoTime();
                        for (int k = 0; k < spawnN; k++) {
                            rt.go(done::countDown);
                        }
                        done.await();
                        spawn[i] = (System.nanoTime() - t0) / (double) spawnN;
                        spawnCpu[i] = (os.cpu() - c0) / (double) spawnN;
                    }
                    for (int i = 0; i < ping.length; i++) {
                        SynchronousQueue<Integer> a = new SynchronousQueue<>();
                        SynchronousQueue<Integer> b = new SynchronousQueue<>();
                        CountDownLatch done = new CountDownLatch(1);
                        rt.go(() -> {
                            try {
                                for (int k = 0; k < pingN; k++) {
                                    b.put(a.take());
                                }
                            } catch (InterruptedException e) {
                                throw new RuntimeException(e);
                            }
                            done.countDown();
                        });
                        long c0 = os.cpu();
                        long t0 = System.nanoTime();
                        for (int k = 0; k < pingN; k++) {
                            a.put(k);
                            b.take();
                        }
                        ping[i] = (System.nanoTime() - t0) / (double) pingN;
                        pingCpu[i] = (os.cpu() - c0) / (double) pingN;
                        done.await();
                    }
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            end = rt.stats();
        }
        boolean statsOn = end.goroutines().created() > spawnN; // off: only the main goroutine (platform-created) is counted
        // the first 3 iterations warm up; the median of the rest is the figure
        System.out.println(String.format(Locale.ROOT, "%.2f %.2f %.2f %.2f %b", med(spawn), med(ping), med(spawnCpu),
                med(pingCpu), statsOn));
    }

    /** Summed CPU time of the runtime's Ms (threads named {@code <runtime>-m<id>}; Ms are never destroyed). */
    private static final class MCpu {
        private final String prefix;
        private final java.lang.management.ThreadMXBean threads =
                java.lang.management.ManagementFactory.getThreadMXBean();

        MCpu(String prefix) {
            this.prefix = prefix;
        }

        /** Sum over the Ms alive now (found by name through ThreadInfo: no stack walk). */
        long cpu() {
            long sum = 0;
            long[] ids = threads.getAllThreadIds();
            java.lang.management.ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
            for (java.lang.management.ThreadInfo ti : infos) {
                if (ti != null && ti.getThreadName().startsWith(prefix)) {
                    long c = threads.getThreadCpuTime(ti.getThreadId());
                    if (c > 0) {
                        sum += c;
                    }
                }
            }
            return sum;
        }
    }

    private static double med(double[] all) {
        double[] v = Arrays.copyOfRange(all, 3, all.length);
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
