package dev.gmp.leak;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gmp.Chan;
import dev.gmp.Context;
import dev.gmp.GmpRuntime;
import dev.gmp.LeakReport;
import dev.gmp.ProvenLeak;
import dev.gmp.Select;
import dev.gmp.TestRuntimes;
import dev.gmp.Time;
import dev.gmp.WaitGroup;
import dev.gmp.internal.sched.GStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proven leaks (docs/architecture.md §4.5) in a JVM with {@code -Djdk.trackAllThreads=false}: a goroutine blocked forever on
 * something nobody can reach is garbage-collected and reported once, with its wait reason, stack and creation
 * site; a goroutine blocked on something still referenced (by the test, a timer, a context) is not. Each negative
 * case is run right beside a positive one, so a detector that reported nothing could not pass.
 */
@Timeout(60)
class ProvenLeakUntrackedTest {
    private TestRuntimes t;
    private GmpRuntime rt;

    @BeforeEach
    void setUp() {
        assumeTrue("false".equals(System.getProperty("jdk.trackAllThreads")),
                "needs -Djdk.trackAllThreads=false (the untracked-threads surefire execution)");
        t = new TestRuntimes(GmpRuntime.builder().name("leaktest").gomaxprocs(2).leaks("proven").leakLog("stderr"));
        rt = t.rt;
    }

    @AfterEach
    void tearDown() {
        if (t != null) {
            t.close();
        }
    }

    /**
     * Waits until {@code n} goroutines of rt have parked. A leaked one may already be gone by then: an ordinary GC
     * in this shared test JVM can collect it, and the detector thread report it, between its park and this poll.
     * So the goroutines already proven leaked (a fresh runtime per test: none before) count as parked.
     */
    private void awaitWaiting(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (rt.goroutines().stream().filter(g -> g.state().equals("waiting")).count()
                + rt.leaks().provenTotal() < n) {
            assertTrue(System.nanoTime() < deadline, "goroutines did not park: " + rt.goroutines());
            Thread.sleep(5);
        }
    }

    /** The seed's first cause: a receive from a channel that only the blocked goroutine still knows. */
    private static void leakReceiver(GmpRuntime rt) {
        Chan<Integer> c = Chan.make();
        rt.go(() -> System.out.println(c.recv()));
    }

    @Test
    void receiverOnUnreachableChannelIsProvenOnceWithStackAndSite() throws Exception {
        leakReceiver(rt);
        awaitWaiting(1);
        LeakReport r = rt.checkLeaks();
        assertTrue(r.provenDetection(), r.provenNote());
        assertEquals(1, r.provenTotal(), r.toString());
        ProvenLeak p = r.proven().get(0);
        assertEquals("chan receive", p.waitReason());
        assertTrue(p.lastStack().stream().anyMatch(f -> f.getMethodName().startsWith("lambda$leakReceiver")),
                "last stack shows the blocked lambda: " + p.lastStack());
        assertEquals("leakReceiver", p.createdBy().get(0).getMethodName());
        String tb = p.traceback();
        assertTrue(tb.startsWith("goroutine " + p.goid() + " [chan receive (leaked)]:\n"), tb);
        assertTrue(tb.contains("created by dev.gmp.leak.ProvenLeakUntrackedTest.leakReceiver\n"), tb);
        // the log line, the counter, and the record gone from the registry
        assertTrue(t.err().contains("gmp: goroutine leak: goroutine " + p.goid() + " was garbage-collected while "
                + "waiting (chan receive"), t.err());
        assertTrue(t.err().contains(tb), t.err());
        assertEquals(java.util.Map.of("chan receive", 1L), rt.stats().goroutineLeaks());
        assertEquals(0, rt.numGoroutine());
        // reported once: another check finds nothing new
        assertEquals(1, rt.checkLeaks().provenTotal());
        assertEquals(1, t.err().split("gmp: goroutine leak:", -1).length - 1, t.err());
    }

    @Test
    void eachProvenLeakIsAJfrEvent() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("leak", ".jfr");
        try (jdk.jfr.Recording rec = new jdk.jfr.Recording()) {
            rec.enable("dev.gmp.GoroutineLeak");
            dev.gmp.JfrTesting.awaitGmpEventsLive();
            rec.start();
            leakReceiver(rt);
            awaitWaiting(1);
            assertEquals(1, rt.checkLeaks().provenTotal());
            rec.stop();
            rec.dump(file);
        }
        List<jdk.jfr.consumer.RecordedEvent> events = jdk.jfr.consumer.RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.gmp.GoroutineLeak")).toList();
        java.nio.file.Files.delete(file);
        assertEquals(1, events.size(), events.toString());
        jdk.jfr.consumer.RecordedEvent e = events.get(0);
        ProvenLeak p = rt.leaks().proven().get(0);
        assertEquals(p.goid(), e.getLong("goid"));
        assertEquals("chan receive", e.getString("waitReason"));
        assertEquals("dev.gmp.leak.ProvenLeakUntrackedTest.leakReceiver", e.getString("createdBy"));
        assertTrue(e.getString("lastStack").startsWith("goroutine " + p.goid() + " [chan receive]:"),
                e.getString("lastStack"));
        assertTrue(e.getString("lastStack").contains("lambda$leakReceiver"), e.getString("lastStack"));
    }

    private Chan<Integer> kept;

    @Test
    void receiverOnReferencedChannelIsNotALeak() throws Exception {
        kept = Chan.make();
        Chan<Integer> done = Chan.make(1);
        Chan<Integer> k = kept;
        rt.go(() -> done.send(k.recv()));
        leakReceiver(rt); // the control: detection works in this very check
        awaitWaiting(2);
        LeakReport r = rt.checkLeaks();
        assertEquals(1, r.provenTotal(), r.toString());
        assertEquals(1, rt.numGoroutine(), "the referenced receiver is alive");
        kept.send(7);
        assertEquals(7, done.recv());
    }

    @Test
    void aCheckRightAfterTheParkKeepsTheStack() throws Exception {
        leakReceiver(rt);
        // Parked, and nothing has read its wait time yet (rt.goroutines() would: waits are stamped lazily), so the
        // check's own sampling stamps the wait after its "now" and must still take the stack.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (rt.scheduler().registry().snapshot().stream().noneMatch(g -> g.status() == GStatus.WAITING)
                && rt.leaks().provenTotal() == 0) {
            assertTrue(System.nanoTime() < deadline, "did not park");
            Thread.sleep(1);
        }
        LeakReport r = rt.checkLeaks();
        assertEquals(1, r.provenTotal(), r.toString());
        ProvenLeak p = rt.leaks().proven().get(0);
        assertFalse(p.lastStack().isEmpty(), "sampled by the check before it was collected: " + p.traceback());
    }

    @Test
    void collectedByAnOrdinaryGcIsReportedByTheDetectorThread() throws Exception {
        leakReceiver(rt);
        awaitWaiting(1);
        Thread.sleep(1600); // past the 1 s stack-sampling delay and one sampling period
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (rt.leaks().provenTotal() == 0) {
            assertTrue(System.nanoTime() < deadline, "not reported after GCs:\n" + t.err());
            System.gc(); // what production gets from allocation; not checkLeaks()
            Thread.sleep(100);
        }
        ProvenLeak p = rt.leaks().proven().get(0);
        assertFalse(p.lastStack().isEmpty(), "sampled before it was collected: " + p.traceback());
        assertTrue(p.blockedNanos() >= 1_500_000_000L, p.traceback());
    }

    private static void leakOthers(GmpRuntime rt, CountDownLatch started) {
        Chan<Integer> a = Chan.make();
        Chan<String> b = Chan.make();
        rt.go(() -> Select.make().recv(a).recv(b).select());                   // select
        rt.go(() -> Chan.<Integer>nil().recv());                                // chan receive (nil chan)
        Chan<Integer> full = Chan.make(1);
        rt.go(() -> { full.send(1); full.send(2); });                          // chan send
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        rt.go(wg::await);                                                       // sync.WaitGroup.Wait
        ReentrantLock lock = new ReentrantLock();
        rt.go(() -> { lock.lock(); started.countDown(); });                    // holds it forever
        rt.go(() -> { awaitQuietly(started); lock.lock(); });                  // sync.Mutex.Lock (ReentrantLock)
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyRuntimeWaitIsProvenWithItsGoWaitReason() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        leakOthers(rt, started);
        awaitWaiting(5);
        started = null;
        LeakReport r = rt.checkLeaks();
        List<String> reasons = r.proven().stream().map(ProvenLeak::waitReason).sorted().toList();
        assertEquals(List.of("chan receive (nil chan)", "chan send", "select", "sync.Mutex.Lock (ReentrantLock)",
                "sync.WaitGroup.Wait"), reasons, r.toString());
        assertEquals(5, rt.stats().goroutineLeaks().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void timersAndContextsKeepTheirWaitersReachable() throws Exception {
        Chan<String> out = Chan.make(4);
        rt.go(() -> Time.sleep(Duration.ofMillis(1500)));                      // a runtime timer
        rt.go(() -> Time.after(Duration.ofMillis(1500)).recv());               // a timer's channel, unreferenced
        rt.go(() -> {                                                           // a context's deadline
            var ctx = Context.withTimeout(Context.background(), Duration.ofMillis(1500));
            ctx.done().recv();
            out.send(ctx.err().getMessage());
        });
        rt.go(() -> {                                                           // sleep on the JDK's own timer
            try {
                Thread.sleep(1500);
                out.send("slept");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        leakReceiver(rt); // the control
        awaitWaiting(5);
        LeakReport r = rt.checkLeaks();
        assertEquals(1, r.provenTotal(), r.toString());
        assertEquals(4, rt.numGoroutine());
        assertEquals(java.util.Set.of("context deadline exceeded", "slept"), java.util.Set.of(out.recv(), out.recv()));
    }
}
