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
 * <pre>java -cp gmp-runtime.jar:gmp-bench.jar dev.gmp.bench.obs.StatsCost [rounds]</pre>
 *
 * Workloads: spawn-and-join (newproc, runnext, steals, exit counters) and a ping-pong over a
 * SynchronousQueue (park/unpark through execute, runnext, latency sampling): ns per goroutine and per round trip.
 */
public final class StatsCost {
    private StatsCost() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child();
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        List<double[]> on = new ArrayList<>();
        List<double[]> off = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            boolean onFirst = r % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean stats = (k == 0) == onFirst;
                double[] m = fork(stats);
                (stats ? on : off).add(m);
                System.out.printf(Locale.ROOT, "round %d stats=%-3s spawn %.1f ns/goroutine  pingpong %.1f ns/roundtrip%n",
                        r, stats ? "on" : "off", m[0], m[1]);
            }
        }
        for (int w = 0; w < 2; w++) {
            double a = median(on, w);
            double b = median(off, w);
            System.out.printf(Locale.ROOT, "%-8s median on %.1f ns, off %.1f ns: stats cost %+.2f%%%n",
                    w == 0 ? "spawn" : "pingpong", a, b, (a - b) / b * 100);
        }
    }

    private static double median(List<double[]> runs, int w) {
        double[] v = runs.stream().mapToDouble(m -> m[w]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double[] fork(boolean stats) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dgmp.stats=" + (stats ? "on" : "off"), "-Xms512m", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), StatsCost.class.getName(), "child")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("child failed: " + out);
        }
        String[] f = out.split(" ");
        if (!f[2].equals(Boolean.toString(stats))) {
            throw new IllegalStateException("child ran with stats=" + f[2] + ", wanted " + stats);
        }
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
    }

    /** Prints "spawnNsPerGoroutine pingpongNsPerRoundtrip statsOn". */
    private static void child() throws Exception {
        int spawnN = 100_000;
        int pingN = 100_000;
        double[] spawn = new double[8];
        double[] ping = new double[8];
        GmpStats end;
        try (GmpRuntime rt = GmpRuntime.builder().name("statscost").gomaxprocs(2).build()) {
            rt.run(() -> {
                try {
                    for (int i = 0; i < spawn.length; i++) {
                        CountDownLatch done = new CountDownLatch(spawnN);
                        long t0 = System.nanoTime();
                        for (int k = 0; k < spawnN; k++) {
                            rt.go(done::countDown);
                        }
                        done.await();
                        spawn[i] = (System.nanoTime() - t0) / (double) spawnN;
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
                        long t0 = System.nanoTime();
                        for (int k = 0; k < pingN; k++) {
                            a.put(k);
                            b.take();
                        }
                        ping[i] = (System.nanoTime() - t0) / (double) pingN;
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
        System.out.println(String.format(Locale.ROOT, "%.2f %.2f %b", med(spawn), med(ping), statsOn));
    }

    private static double med(double[] all) {
        double[] v = Arrays.copyOfRange(all, 3, all.length);
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
