package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The public runtime API: goroutines, run, ids, GOMAXPROCS, panics, schedtrace, and bad input. */
class GmpRuntimeTest {

    @Test
    void runIsGoroutineOneAndIdsIncrease() {
        try (TestRuntimes t = new TestRuntimes(2)) {
            AtomicLong main = new AtomicLong();
            AtomicLong child = new AtomicLong();
            AtomicLong parentSeen = new AtomicLong(-1);
            CountDownLatch done = new CountDownLatch(1);
            t.rt.run(() -> {
                main.set(t.rt.goid());
                t.rt.go(() -> {
                    child.set(t.rt.goid());
                    done.countDown();
                });
                try {
                    done.await();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                parentSeen.set(t.rt.scheduler().registry().snapshot().stream()
                        .filter(g -> g.goid() == child.get()).mapToLong(g -> g.parentGoid()).findFirst().orElse(1));
            });
            assertEquals(1, main.get(), "main runs as goroutine 1");
            assertTrue(child.get() > 1);
            assertEquals(0, t.rt.goid(), "a platform thread is not a goroutine");
        }
    }

    @Test
    void runRethrowsMainsException() {
        try (TestRuntimes t = new TestRuntimes(1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> t.rt.run(() -> { throw new IllegalStateException("boom"); }));
            assertEquals("boom", e.getMessage());
            assertEquals(1, t.rt.stats().panics());
        }
    }

    @Test
    void goNullFailsWithGosMessage() {
        try (TestRuntimes t = new TestRuntimes(1)) {
            NullPointerException e = assertThrows(NullPointerException.class, () -> t.rt.go(null));
            assertEquals("go of nil func value", e.getMessage());
        }
    }

    @Test
    void panicInGoroutineIsReportedInGosShapeAndCounted() throws Exception {
        try (TestRuntimes t = new TestRuntimes(2)) {
            CountDownLatch reported = new CountDownLatch(1);
            t.rt.run(() -> t.rt.go(() -> {
                throw new IllegalArgumentException("bad thing", new java.io.IOException("root cause"));
            }));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!t.err().contains("created by") && System.nanoTime() < deadline) { // counted, then printed
                Thread.sleep(5);
            }
            String err = t.err();
            assertEquals(1, t.rt.stats().panics());
            assertTrue(err.startsWith("panic: java.lang.IllegalArgumentException: bad thing\n"), err);
            assertTrue(err.contains("\tcaused by: java.io.IOException: root cause\n"), err);
            assertTrue(err.matches("(?s).*\n\ngoroutine \\d+ \\[running\\]:\n.*"), err);
            assertTrue(err.contains("dev.gmp.GmpRuntimeTest.lambda$"), err);
            assertTrue(err.matches("(?s).*created by dev\\.gmp\\.GmpRuntimeTest\\.lambda\\$\\S+ in goroutine 1\n\tGmpRuntimeTest\\.java:\\d+\n.*"), err);
            reported.countDown();
        }
    }

    @Test
    void numGoroutineCountsLiveOnes() throws Exception {
        try (TestRuntimes t = new TestRuntimes(2)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(10);
            for (int i = 0; i < 10; i++) {
                t.rt.go(() -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            started.await();
            assertEquals(10, t.rt.numGoroutine());
            GmpStats s = t.rt.stats();
            long parkDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s.goroutines().waiting() != 10 && System.nanoTime() < parkDeadline) { // counted down, not parked yet
                Thread.sleep(5);
                s = t.rt.stats();
            }
            assertEquals(10, s.goroutines().live());
            assertEquals(10, s.goroutines().waiting(), s.goroutines().toString());
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (t.rt.numGoroutine() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, t.rt.numGoroutine());
        }
    }

    @Test
    void sleepParksTheGoroutineNotTheM() throws Exception {
        try (TestRuntimes t = new TestRuntimes(1)) {
            AtomicInteger progress = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch slept = new CountDownLatch(1);
            t.rt.go(() -> {
                t.rt.sleep(Duration.ofMillis(100));
                slept.countDown();
            });
            t.rt.go(() -> {
                while (!stop.get()) {
                    progress.incrementAndGet();
                    t.rt.gosched();
                }
            });
            assertTrue(slept.await(10, TimeUnit.SECONDS));
            stop.set(true);
            assertTrue(progress.get() > 0, "the other goroutine ran while the first slept, on the only P");
            assertEquals(1, t.rt.stats().threads().created(), "one P, no syscalls: one M");
        }
    }

    /** Semantics of golang/go src/runtime/proc_test.go TestGoroutineParallelism: all P goroutines run at once. */
    @Test
    void goroutineParallelism() throws Exception {
        int p = 3;
        try (TestRuntimes t = new TestRuntimes(p)) {
            for (int attempt = 0; attempt < 3; attempt++) {
                AtomicInteger x = new AtomicInteger();
                CountDownLatch done = new CountDownLatch(p);
                for (int k = 0; k < p; k++) {
                    int me = k;
                    t.rt.go(() -> {
                        for (int i = 0; i < 3; i++) {
                            int expected = p * i + me;
                            while (x.get() != expected) {
                                Thread.onSpinWait(); // busy: only progresses if all p run simultaneously
                            }
                            x.set(expected + 1);
                        }
                        done.countDown();
                    });
                }
                assertTrue(done.await(60, TimeUnit.SECONDS), "the " + p + " goroutines were not all running at once");
            }
        }
    }

    /** Semantics of golang/go src/runtime/proc_test.go TestYieldProgress: a gosched loop lets a sleeper run. */
    @Test
    void yieldProgress() throws Exception {
        try (TestRuntimes t = new TestRuntimes(1)) {
            AtomicBoolean c = new AtomicBoolean();
            CountDownLatch cack = new CountDownLatch(1);
            t.rt.run(() -> {
                t.rt.go(() -> {
                    while (true) {
                        if (c.get()) {
                            cack.countDown();
                            return;
                        }
                        t.rt.gosched();
                    }
                });
                t.rt.sleep(Duration.ofMillis(10));
                c.set(true);
                try {
                    assertTrue(cack.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
        }
    }

    /** One P has all the work: the others steal half of its queue (proc.go runqsteal). */
    @Test
    void workIsStolenWhenOnePHasItAll() throws Exception {
        try (TestRuntimes t = new TestRuntimes(2)) {
            int n = 200; // fewer than the ring's 256 slots: nothing overflows to the global queue
            CountDownLatch done = new CountDownLatch(n);
            Map<Long, AtomicInteger> byProcessorSeen = new ConcurrentHashMap<>();
            t.rt.run(() -> {
                for (int i = 0; i < n; i++) {
                    t.rt.go(() -> {
                        long spin = System.nanoTime() + 200_000;
                        while (System.nanoTime() < spin) {
                            Thread.onSpinWait();
                        }
                        byProcessorSeen.computeIfAbsent(Thread.currentThread().threadId() * 0 + carrierM(t.rt),
                                k -> new AtomicInteger()).incrementAndGet();
                        done.countDown();
                    });
                }
            });
            assertTrue(done.await(60, TimeUnit.SECONDS));
            GmpStats s = t.rt.stats();
            assertEquals(0, s.runqueueOverflows(), "all the work stayed on the spawning P's local queue");
            assertTrue(s.steals() > 0, "steals " + s.processors());
            assertTrue(s.stolenGoroutines() >= s.steals(), "each steal takes at least one goroutine");
            assertTrue(byProcessorSeen.size() >= 2, "work ran on more than one M: " + byProcessorSeen);
        }
    }

    private static long carrierM(GmpRuntime rt) {
        long id = rt.stats().machines().stream().filter(m -> m.curg() == rt.goid()).mapToLong(m -> m.id())
                .findFirst().orElse(-1);
        return id;
    }

    @Test
    void gomaxprocsChangesAtRunTime() throws Exception {
        try (TestRuntimes t = new TestRuntimes(1)) {
            assertEquals(1, t.rt.gomaxprocs(4));
            assertEquals(4, t.rt.gomaxprocs(0));
            assertEquals(4, t.rt.stats().gomaxprocs());
            int n = 50_000;
            CountDownLatch done = new CountDownLatch(n);
            t.rt.run(() -> {
                for (int i = 0; i < n; i++) {
                    if (i == n / 2) {
                        t.rt.gomaxprocs(2); // shrink while work is queued: retired Ps drain to the global queue
                    }
                    t.rt.go(done::countDown);
                }
            });
            assertTrue(done.await(60, TimeUnit.SECONDS), "lost " + done.getCount());
            GmpStats s = t.rt.stats();
            assertEquals(2, s.gomaxprocs());
            assertEquals(2, s.processors().stream().filter(GmpStats.ProcessorStats::active).count());
            assertEquals(4, s.processors().size(), "counters of retired Ps are kept");
            // runtime.GOMAXPROCS: n < 1 only asks, and there is no upper bound (proc.go has none since Go 1.10)
            assertEquals(2, t.rt.gomaxprocs(0));
            assertEquals(2, t.rt.gomaxprocs(-1));
            assertEquals(2, t.rt.gomaxprocs(2048));
            assertEquals(2048, t.rt.gomaxprocs(2));
        }
    }

    @Test
    void schedtraceHasGosShape() {
        try (TestRuntimes t = new TestRuntimes(2)) {
            t.rt.run(() -> {});
            String line = t.rt.schedtrace(false);
            assertTrue(line.matches("SCHED \\d+ms: gomaxprocs=2 idleprocs=\\d+ threads=\\d+ spinningthreads=\\d+ "
                    + "needspinning=\\d+ idlethreads=\\d+ runqueue=\\d+ \\[\\d+ \\d+\\]\n"), line);
            String detail = t.rt.schedtrace(true);
            assertTrue(detail.contains(" gcwaiting=false nmidlelocked=0 stopwait=0 sysmonwait=false\n"), detail);
            assertTrue(detail.matches("(?s).*\n  P0: status=\\d schedtick=\\d+ syscalltick=\\d+ m=\\S+ runqsize=\\d+ gfreecnt=0 timerslen=\\d+\n.*"), detail);
            assertTrue(detail.matches("(?s).*\n  M1: p=\\S+ curg=\\S+ .*spinning=(true|false) blocked=(true|false) lockedg=nil\n.*"), detail);
        }
    }

    @Test
    void godebugSchedtracePrintsPeriodically() throws Exception {
        try (TestRuntimes t = new TestRuntimes(GmpRuntime.builder().gomaxprocs(2).godebug("schedtrace=20"))) {
            Thread.sleep(300);
            long lines = t.err().lines().filter(l -> l.startsWith("SCHED ")).count();
            assertTrue(lines >= 3, "expected a line every 20ms, got:\n" + t.err());
        }
    }

    /**
     * Go ignores a GOMAXPROCS it cannot use and runs with the CPU count. Go 1.19 on this 2-core machine, a program
     * printing {@code runtime.GOMAXPROCS(0)}, with each value this test uses and one Go takes:
     * <pre>
     * GOMAXPROCS='abc' -> 2 exit 0
     * GOMAXPROCS='0' -> 2 exit 0
     * GOMAXPROCS='-1' -> 2 exit 0
     * GOMAXPROCS=' ' -> 2 exit 0
     * GOMAXPROCS='1.5' -> 2 exit 0
     * GOMAXPROCS='99999999999' -> 2 exit 0
     * GOMAXPROCS='100000' -> 100000 exit 0
     * </pre>
     * Here the same, with one warning line for a value ignored.
     */
    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", " ", "1.5", "99999999999"})
    void aGomaxprocsGoWouldIgnoreIsIgnoredWithOneWarning(String value) {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        GmpRuntime.Builder b = GmpRuntime.builder().err(new java.io.PrintStream(err, true))
                .fromEnvironment(Map.of("GOMAXPROCS", value), new Properties());
        assertEquals(Runtime.getRuntime().availableProcessors(), b.gomaxprocs());
        assertEquals("gmp: warning: GOMAXPROCS=" + value + " ignored: not a positive integer (Go ignores it too and "
                + "uses the CPU count)\n", err.toString());
    }

    @Test
    void gomaxprocsHasNoCapGoDoesNotHave() {
        assertEquals(100_000, GmpRuntime.builder().fromEnvironment(Map.of("GOMAXPROCS", "100000"), new Properties())
                .gomaxprocs());
    }

    /**
     * Go's parsedebugvars: {@code GODEBUG=schedtrace=abc} is ignored (the program runs, no trace), and
     * {@code scheddetail=2} is on, as any value above 0. Go 1.19, the program above: with
     * {@code GODEBUG=schedtrace=abc} it prints {@code 2} and exits 0, nothing else; with
     * {@code GODEBUG=schedtrace=600000,scheddetail=2} it prints, first (the trace at start, then the detail):
     * <pre>
     * SCHED 0ms: gomaxprocs=2 idleprocs=1 threads=2 spinningthreads=0 idlethreads=0 runqueue=0 gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0
     *   P0: status=1 schedtick=0 syscalltick=0 m=0 runqsize=0 gfreecnt=0 timerslen=0
     *   P1: status=0 schedtick=0 syscalltick=0 m=-1 runqsize=0 gfreecnt=0 timerslen=0
     * </pre>
     */
    @Test
    void godebugIsReadAsGoReadsIt() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        GmpRuntime.Builder b = GmpRuntime.builder().err(new java.io.PrintStream(err, true))
                .godebug("schedtrace=abc,scheddetail=2,gctrace=1");
        assertEquals("gmp: warning: GODEBUG schedtrace=abc ignored: not an integer (Go ignores it too)\n",
                err.toString());
        assertEquals(0, b.schedtraceMillis());
        assertTrue(b.scheddetail());
        assertEquals(1000, GmpRuntime.builder().godebug("schedtrace=1000").schedtraceMillis());
    }

    @Test
    void builderReadsTheEnvironmentAsDocumented() {
        // builder() applies fromEnvironment(System.getenv(), System.getProperties()): a -Dgmp.* property shows it
        System.setProperty("gmp.maxthreads", "4321");
        try {
            assertEquals(4321, GmpRuntime.builder().maxThreads());
        } finally {
            System.clearProperty("gmp.maxthreads");
        }
    }

    /** An application's -Djdk.virtualThreadScheduler.parallelism sizes GMP's Ps unless GOMAXPROCS says otherwise. */
    @Test
    void theJdksParallelismIsHonouredBelowGomaxprocs() {
        Properties p = props("jdk.virtualThreadScheduler.parallelism", "3");
        assertEquals(3, GmpRuntime.builder().fromEnvironment(Map.of(), p).gomaxprocs());
        assertEquals(5, GmpRuntime.builder().fromEnvironment(Map.of("GOMAXPROCS", "5"), p).gomaxprocs());
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertEquals(Runtime.getRuntime().availableProcessors(), GmpRuntime.builder()
                .err(new java.io.PrintStream(err, true))
                .fromEnvironment(Map.of(), props("jdk.virtualThreadScheduler.parallelism", "many")).gomaxprocs());
        assertTrue(err.toString().contains("jdk.virtualThreadScheduler.parallelism=many ignored"), err.toString());
    }

    @Test
    void gomaxprocsPrecedenceEnvThenPropertyThenCpus() {
        assertEquals(5, GmpRuntime.builder().fromEnvironment(Map.of("GOMAXPROCS", "5"), props("gmp.gomaxprocs", "3"))
                .gomaxprocs());
        assertEquals(3, GmpRuntime.builder().fromEnvironment(Map.of(), props("gmp.gomaxprocs", "3")).gomaxprocs());
        assertEquals(Runtime.getRuntime().availableProcessors(),
                GmpRuntime.builder().fromEnvironment(Map.of(), new Properties()).gomaxprocs());
        GmpConfigException e = assertThrows(GmpConfigException.class,
                () -> GmpRuntime.builder().fromEnvironment(Map.of(), props("gmp.gomaxprocs", "x")));
        assertEquals("gmp.gomaxprocs=x: invalid value; valid: an integer >= 1", e.getMessage());
        assertEquals(0, e.getStackTrace().length, "one line, no stack");
    }

    private static Properties props(String k, String v) {
        Properties p = new Properties();
        p.setProperty(k, v);
        return p;
    }

    @Test
    void exceptionFromAnotherThreadStillReachesUsersHandler() throws Exception {
        try (TestRuntimes t = new TestRuntimes(1)) {
            AtomicReference<Throwable> seen = new AtomicReference<>();
            CountDownLatch handled = new CountDownLatch(1);
            t.rt.run(() -> {
                Thread child = Thread.ofVirtual().uncaughtExceptionHandler((th, e) -> {
                    seen.set(e);
                    handled.countDown();
                }).start(() -> { throw new IllegalStateException("child"); });
                assertNotNull(child);
            });
            assertTrue(handled.await(10, TimeUnit.SECONDS));
            assertEquals("child", seen.get().getMessage());
            assertTrue(t.err().startsWith("panic: java.lang.IllegalStateException: child"), t.err());
            assertTrue(t.rt.stats().goroutines().created() >= 2, "the child virtual thread was adopted as a goroutine");
        }
    }

    /**
     * goroutines().created() is read off the goroutine ids (StatsReader): ids taken by the Ps' goid caches but not
     * yet issued must not count. Goroutines spawned from goroutines on four Ps (each P leaves its batch of 16 part
     * used) and from a platform thread (straight from goidgen) are counted exactly.
     */
    @Test
    void createdCountsEveryGoroutineExactly() throws Exception {
        try (TestRuntimes t = new TestRuntimes(4)) {
            long before = t.rt.stats().goroutines().created();
            int parents = 37;
            int children = 13;
            t.rt.run(() -> {
                WaitGroup wg = new WaitGroup();
                wg.add(parents * (1 + children));
                for (int i = 0; i < parents; i++) {
                    t.rt.go(() -> {
                        for (int c = 0; c < children; c++) {
                            t.rt.go(wg::done);
                        }
                        wg.done();
                    });
                }
                wg.await();
            });
            CountDownLatch outside = new CountDownLatch(5);
            for (int i = 0; i < 5; i++) {
                t.rt.go(outside::countDown); // from this platform thread
            }
            assertTrue(outside.await(10, TimeUnit.SECONDS));
            assertEquals(1 + parents * (1 + children) + 5, t.rt.stats().goroutines().created() - before);
        }
    }

    /** A goroutine whose handler the application set keeps its one record after a park, and the handler runs. */
    @Test
    void aGoroutineWhoseHandlerWasSetKeepsItsRecord() throws Exception {
        try (TestRuntimes t = new TestRuntimes(1)) {
            AtomicReference<Throwable> seen = new AtomicReference<>();
            CountDownLatch handled = new CountDownLatch(1);
            Chan<Integer> resume = Chan.make();
            AtomicLong goid = new AtomicLong();
            t.rt.go(() -> {
                goid.set(t.rt.goid());
                Thread.currentThread().setUncaughtExceptionHandler((th, e) -> {
                    seen.set(e);
                    handled.countDown();
                });
                resume.recv(); // parks: its wake-up must find the same record
                throw new IllegalStateException("after the park");
            });
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (t.rt.goroutines().stream().noneMatch(g -> g.state().equals("waiting"))) {
                assertTrue(System.nanoTime() < deadline, "did not park");
                Thread.sleep(5);
            }
            long created = t.rt.stats().goroutines().created();
            resume.send(1);
            assertTrue(handled.await(10, TimeUnit.SECONDS));
            assertEquals("after the park", seen.get().getMessage());
            assertEquals(created, t.rt.stats().goroutines().created(), "no second record for the same thread");
            assertTrue(t.err().contains("goroutine " + goid.get() + " "), "reported under its own id\n" + t.err());
        }
    }

    @Test
    void waitGroupGoReportsEachCallersSite() {
        try (TestRuntimes t = new TestRuntimes(1)) {
            java.util.Set<Integer> lines = new java.util.TreeSet<>();
            AtomicInteger first = new AtomicInteger();
            t.rt.run(() -> {
                WaitGroup wg = new WaitGroup();
                Chan<Integer> release = Chan.make();
                first.set(new Throwable().getStackTrace()[0].getLineNumber() + 1);
                wg.go(release::recv);
                wg.go(release::recv); // a second call site, through the same wrapper lambda inside WaitGroup.go
                awaitWaiting(t.rt, 2);
                for (GoroutineInfo g : t.rt.goroutines()) {
                    if (g.state().equals("waiting")) {
                        StackTraceElement site = g.createdBy().get(0);
                        assertTrue(site.getMethodName().startsWith("lambda$waitGroupGoReportsEachCallersSite"),
                                g.createdBy().toString());
                        lines.add(site.getLineNumber());
                    }
                }
                release.send(1);
                release.send(2);
                wg.await();
            });
            assertEquals(java.util.Set.of(first.get(), first.get() + 1), lines, "created by: each wg.go's own line");
        }
    }

    /**
     * A virtual-thread-per-task executor starts its threads through JavaLangAccess (java.lang.System$1): the site
     * is the execute call, and the goroutine is a user goroutine, not the JDK's.
     */
    @Test
    void executorThreadsReportTheExecuteCallNotTheJdk() {
        try (TestRuntimes t = new TestRuntimes(1)) {
            AtomicInteger line = new AtomicInteger();
            java.util.List<GoroutineInfo> seen = new java.util.ArrayList<>();
            t.rt.run(() -> {
                Chan<Integer> release = Chan.make();
                try (var exec = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    line.set(new Throwable().getStackTrace()[0].getLineNumber() + 1);
                    exec.execute(release::recv);
                    awaitWaiting(t.rt, 1);
                    t.rt.goroutines().stream().filter(g -> g.state().equals("waiting")).forEach(seen::add);
                    release.send(1);
                }
            });
            assertEquals(1, seen.size(), seen.toString());
            StackTraceElement site = seen.get(0).createdBy().get(0);
            assertTrue(site.getMethodName().startsWith("lambda$executorThreadsReportTheExecuteCallNotTheJdk"),
                    seen.get(0).createdBy().toString());
            assertEquals(line.get(), site.getLineNumber());
        }
    }

    /** The threads a goroutine starts itself run a named task class from two sites: each site is reported. */
    @Test
    void adoptedThreadsOfOneTaskClassReportTheirOwnSites() {
        try (TestRuntimes t = new TestRuntimes(1)) {
            TwoSites two = new TwoSites();
            t.rt.run(() -> {
                Chan<Integer> release = Chan.make();
                java.util.List<Thread> threads = new java.util.ArrayList<>();
                two.lineA.set(new Throwable().getStackTrace()[0].getLineNumber() + 2);
                for (int i = 0; i < two.fromA; i++) {
                    threads.add(Thread.ofVirtual().start(new ParkOn(release)));
                }
                two.lineB.set(new Throwable().getStackTrace()[0].getLineNumber() + 2);
                for (int i = 0; i < two.fromB; i++) {
                    threads.add(Thread.ofVirtual().start(new ParkOn(release)));
                }
                two.count(t.rt);
                release.close();
                for (Thread th : threads) {
                    try {
                        th.join();
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                }
            });
            two.assertBothReported(ParkOn.class);
            assertFalse(dev.gmp.internal.sched.CreationSitesAccess.trusted(ParkOn.class));
        }
    }

    /** One site only: after the verified starts, the site is cached (no walk per start) and still right. */
    @Test
    void adoptedThreadsOfOneSiteGetACachedSite() {
        try (TestRuntimes t = new TestRuntimes(1)) {
            int n = dev.gmp.internal.sched.CreationSitesAccess.verifyFirst() + 10;
            java.util.Set<Integer> lines = ConcurrentHashMap.newKeySet();
            AtomicInteger site = new AtomicInteger();
            t.rt.run(() -> {
                Chan<Integer> release = Chan.make();
                site.set(new Throwable().getStackTrace()[0].getLineNumber() + 2);
                for (int i = 0; i < n; i++) {
                    Thread.ofVirtual().start(new ParkOnce(release));
                }
                awaitWaiting(t.rt, n);
                lines.addAll(waitingByCreationLine(t.rt).keySet());
                release.close();
            });
            assertEquals(java.util.Set.of(site.get()), lines);
            assertTrue(dev.gmp.internal.sched.CreationSitesAccess.trusted(ParkOnce.class), "cached after verifying");
        }
    }

    /**
     * A site that held at a re-check is checked again twice as many starts later: a walk costs tens of
     * microseconds. Counted exactly: one thread, the first re-check {@code verifyEvery} starts after the class was
     * trusted, the second twice that after the first; the third, four times that after the second, is the first to
     * see another line.
     */
    @Test
    void aCachedSiteThatHoldsIsCheckedLessOften() {
        int every = dev.gmp.internal.sched.CreationSitesAccess.verifyEvery();
        assertTrue(4 * every <= dev.gmp.internal.sched.CreationSitesAccess.verifyMax());
        RecheckKey key = new RecheckKey();
        StackTraceElement[] a = null;
        for (int i = 0; i < dev.gmp.internal.sched.CreationSitesAccess.verifyFirst() + every + 2 * every; i++) {
            a = startFromA(key); // the last one is the second re-check, a walk
        }
        assertTrue(dev.gmp.internal.sched.CreationSitesAccess.trusted(RecheckKey.class));
        int lineA = a[0].getLineNumber();
        for (int i = 0; i < 4 * every - 1; i++) {
            assertEquals(lineA, startFromB(key)[0].getLineNumber(), "not checked yet: the cached site");
        }
        assertFalse(dev.gmp.internal.sched.CreationSitesAccess.varies(RecheckKey.class), "checked too early");
        StackTraceElement[] b = startFromB(key);
        assertTrue(dev.gmp.internal.sched.CreationSitesAccess.varies(RecheckKey.class), "the re-check saw line B");
        assertNotEquals(lineA, b[0].getLineNumber());
    }

    private static final class RecheckKey {}

    /** Two call sites: the same call on two lines, each of them the site of the starts it makes. */
    private static StackTraceElement[] startFromA(Object key) {
        return dev.gmp.internal.sched.CreationSitesAccess.startSite(key);
    }

    private static StackTraceElement[] startFromB(Object key) {
        return dev.gmp.internal.sched.CreationSitesAccess.startSite(key);
    }

    /**
     * {@code go} of a named task class (no lambda class per site): its site is cached once verified, as for adopted
     * threads, and a second site is still reported.
     */
    @Test
    void goOfANamedClassCachesItsSiteAndReportsASecondSite() {
        try (TestRuntimes t = new TestRuntimes(1)) {
            TwoSites two = new TwoSites();
            AtomicBoolean cachedAfterA = new AtomicBoolean();
            t.rt.run(() -> {
                Chan<Integer> release = Chan.make();
                two.lineA.set(new Throwable().getStackTrace()[0].getLineNumber() + 2);
                for (int i = 0; i < two.fromA; i++) {
                    t.rt.go(new GoParkOn(release));
                }
                cachedAfterA.set(dev.gmp.internal.sched.CreationSitesAccess.trusted(GoParkOn.class));
                two.lineB.set(new Throwable().getStackTrace()[0].getLineNumber() + 2);
                for (int i = 0; i < two.fromB; i++) {
                    t.rt.go(new GoParkOn(release));
                }
                two.count(t.rt);
                release.close();
            });
            assertTrue(cachedAfterA.get(), "cached after verifying one site");
            two.assertBothReported(GoParkOn.class);
        }
    }

    /**
     * An async stage starts from the application when its source is complete, and otherwise from the thread that
     * completes the source, with no application frame: one site (its function's), cached, not walked on every start.
     */
    @Test
    void asyncStagesStartedByTheJdkKeepTheApplicationsSite() {
        java.util.function.Function<Integer, Integer> inc = x -> x + 1;
        int first = dev.gmp.internal.sched.CreationSitesAccess.verifyFirst();
        int every = dev.gmp.internal.sched.CreationSitesAccess.verifyEvery();
        // starts by the JDK, then by the application (noticed within every starts), then by the JDK again
        int[] starts = {first + 10, every + 10, first + 10};
        AtomicInteger site = new AtomicInteger();
        try (TestRuntimes t = new TestRuntimes(1)) {
            t.rt.run(() -> {
                try (java.util.concurrent.ExecutorService ex =
                        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int round = 0; round < starts.length; round++) {
                        int n = starts[round];
                        java.util.List<java.util.concurrent.CompletableFuture<Integer>> stages =
                                new java.util.ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            if (round == 1) {
                                site.set(new Throwable().getStackTrace()[0].getLineNumber() + 2);
                                stages.add(java.util.concurrent.CompletableFuture.completedFuture(i)
                                        .thenApplyAsync(inc, ex));
                            } else {
                                // the source completes on its own thread, after the stage is registered
                                Chan<Integer> gate = Chan.make(1);
                                stages.add(java.util.concurrent.CompletableFuture.supplyAsync(gate::recv, ex)
                                        .thenApplyAsync(inc, ex));
                                gate.send(i);
                            }
                        }
                        for (int i = 0; i < n; i++) {
                            assertEquals(i + 1, stages.get(i).join());
                        }
                    }
                }
            });
        }
        assertFalse(dev.gmp.internal.sched.CreationSitesAccess.varies(inc.getClass()), "a start by the JDK is no site");
        StackTraceElement[] trusted = dev.gmp.internal.sched.CreationSitesAccess.trustedSite(inc.getClass());
        assertTrue(trusted != null && trusted.length == 1, java.util.Arrays.toString(trusted));
        assertEquals(site.get(), trusted[0].getLineNumber(), trusted[0].toString());
    }

    /**
     * Every {@code ExecutorService.submit} makes a future of the same JDK class: the site is kept per function
     * submitted, so two submit sites each get their own cached site instead of one class walked on every start.
     */
    @Test
    void submitsFromTwoSitesEachGetTheirCachedSite() {
        assertTwoSitesCached((ex, release, lines) -> {
            Runnable parkA = release::recv;
            java.util.concurrent.Callable<Integer> parkB = release::recv;
            lines[0] = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            ex.submit(parkA);
            lines[1] = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            ex.submit(parkB);
            return java.util.List.of(parkA, parkB);
        });
    }

    /**
     * Every async {@code CompletableFuture} stage is one of a few JDK classes: the site is kept per stage
     * function, so two {@code runAsync} sites each get their own cached site.
     */
    @Test
    void asyncStagesFromTwoSitesEachGetTheirCachedSite() {
        assertTwoSitesCached((ex, release, lines) -> {
            Runnable parkA = release::recv;
            Runnable parkB = release::recv;
            lines[0] = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            java.util.concurrent.CompletableFuture.runAsync(parkA, ex);
            lines[1] = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            java.util.concurrent.CompletableFuture.runAsync(parkB, ex);
            return java.util.List.of(parkA, parkB);
        });
    }

    /**
     * Starts two goroutines, from two sites, that park until {@code release} closes; answers the two functions
     * (each test its own: sites are cached per function class).
     */
    private interface TwoStarts {
        java.util.List<Object> start(java.util.concurrent.ExecutorService ex, Chan<Integer> release, int[] lines);
    }

    /** Many rounds of {@code starts}: each site's goroutines show its line, and each function has a cached site. */
    private static void assertTwoSitesCached(TwoStarts starts) {
        int n = dev.gmp.internal.sched.CreationSitesAccess.verifyFirst() + 10;
        Map<Integer, Integer> byLine = new ConcurrentHashMap<>();
        int[] lines = new int[2];
        java.util.List<Class<?>> functions = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TestRuntimes t = new TestRuntimes(1)) {
            t.rt.run(() -> {
                Chan<Integer> release = Chan.make();
                try (java.util.concurrent.ExecutorService ex =
                        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < n; i++) {
                        java.util.List<Object> started = starts.start(ex, release, lines);
                        if (i == 0) {
                            started.forEach(f -> functions.add(f.getClass()));
                        }
                    }
                    awaitWaiting(t.rt, 2L * n);
                    byLine.putAll(waitingByCreationLine(t.rt));
                    release.close();
                }
            });
        }
        assertEquals(Map.of(lines[0], n, lines[1], n), byLine, "each site's goroutines show its own line");
        for (Class<?> f : functions) {
            assertFalse(dev.gmp.internal.sched.CreationSitesAccess.varies(f), f + " is one site");
            assertTrue(dev.gmp.internal.sched.CreationSitesAccess.trusted(f), f + " got a cached site");
        }
    }

    /** On a goroutine of rt: yields until n of rt's goroutines wait; fails after 20 s. */
    private static void awaitWaiting(GmpRuntime rt, long n) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (rt.goroutines().stream().filter(g -> g.state().equals("waiting")).count() < n) {
            assertTrue(System.nanoTime() < deadline, "did not park");
            Go.gosched();
        }
    }

    /** rt's waiting goroutines, counted by the line of their creation site. */
    private static Map<Integer, Integer> waitingByCreationLine(GmpRuntime rt) {
        Map<Integer, Integer> byLine = new java.util.TreeMap<>();
        for (GoroutineInfo g : rt.goroutines()) {
            if (g.state().equals("waiting")) {
                byLine.merge(g.createdBy().get(0).getLineNumber(), 1, Integer::sum);
            }
        }
        return byLine;
    }

    /**
     * Goroutines of one task class started from two lines: enough from the first to have its site verified, then
     * enough from the second for one re-check to notice it.
     */
    private static final class TwoSites {
        final int every = dev.gmp.internal.sched.CreationSitesAccess.verifyEvery();
        final int fromA = dev.gmp.internal.sched.CreationSitesAccess.verifyFirst() + 4;
        final int fromB = every + 50;
        final AtomicInteger lineA = new AtomicInteger();
        final AtomicInteger lineB = new AtomicInteger();
        final Map<Integer, Integer> byLine = new ConcurrentHashMap<>();

        /** Once all of them wait: counts them by creation line. */
        void count(GmpRuntime rt) {
            awaitWaiting(rt, fromA + fromB);
            byLine.putAll(waitingByCreationLine(rt));
        }

        /**
         * Both lines reported: the second is noticed within VERIFY_EVERY starts, so at most that many more show the
         * first.
         */
        void assertBothReported(Class<?> taskClass) {
            Map<Integer, Integer> counts = new java.util.TreeMap<>(byLine);
            assertEquals(java.util.Set.of(lineA.get(), lineB.get()), counts.keySet(), "only the two sites");
            int a = counts.get(lineA.get());
            assertTrue(a >= fromA && a <= fromA + every, counts.toString());
            assertTrue(counts.get(lineB.get()) >= 50, counts.toString());
            assertTrue(dev.gmp.internal.sched.CreationSitesAccess.varies(taskClass), "the second site was noticed");
        }
    }

    /** Another task class than ParkOn: the cache is per class. */
    private record ParkOnce(Chan<Integer> ch) implements Runnable {
        @Override
        public void run() {
            ch.recv();
        }
    }

    /** A named task class for go alone (the per-class record is shared by every test of the JVM). */
    private record GoParkOn(Chan<Integer> ch) implements Runnable {
        @Override
        public void run() {
            ch.recv();
        }
    }

    /** A named task class (lambdas get their own class per site): parks until the channel closes. */
    private record ParkOn(Chan<Integer> ch) implements Runnable {
        @Override
        public void run() {
            ch.recv();
        }
    }
}
