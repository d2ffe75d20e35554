package dev.gmp.internal.jdk;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The one place that reaches into the JDK. These tests fail if a JDK update moves what we use: the
 * package-private virtual-thread builder, the runContinuation task's captured thread, the scheduler field (the
 * goroutine link), the continuation's task.
 */
class JdkInternalsTest {

    @Test
    void builderHandsContinuationsToOurExecutorAndTaskMapsBackToItsThread() throws Exception {
        JdkInternals jdk = JdkInternals.get();
        List<Thread> seen = new CopyOnWriteArrayList<>();
        Executor ours = task -> {
            seen.add(jdk.threadOf(task));
            Thread.ofPlatform().start(task);
        };
        Thread t = jdk.builder(ours).unstarted(() -> {});
        t.start();
        assertTrue(t.join(java.time.Duration.ofSeconds(10)));
        assertFalse(seen.isEmpty(), "the JDK called our executor");
        assertSame(t, seen.get(0), "the task maps back to its virtual thread");
        assertTrue(t.isVirtual());
    }

    @Test
    void theLinkIsTheSchedulerFieldAndNoPublicMethodShowsIt() {
        JdkInternals jdk = JdkInternals.get();
        Thread t = Thread.ofVirtual().unstarted(() -> {});
        assertInstanceOf(java.util.concurrent.ForkJoinPool.class, jdk.link(t), "the JDK's scheduler until set");
        Executor link = Runnable::run;
        jdk.setLink(t, link);
        assertSame(link, jdk.link(t));
        assertSame(link, JdkInternals.linkOf(t));
        assertSame(t.getThreadGroup(), t.getUncaughtExceptionHandler(), "the handler field is untouched");
        assertFalse(t.toString().contains("$$Lambda") || t.toString().contains("JdkInternalsTest"), t.toString());
        assertNull(JdkInternals.linkOf(Thread.currentThread()), "a platform thread has none");
    }

    /** The task is replaced before the thread runs; needs jdk.internal.vm open, as the agent and this build do. */
    @Test
    void wrapTaskPutsAFrameUnderTheTask() throws Exception {
        JdkInternals jdk = JdkInternals.get();
        List<String> ran = new CopyOnWriteArrayList<>();
        Runnable task = () -> ran.add("task");
        Thread t = Thread.ofVirtual().unstarted(task);
        assertTrue(jdk.wrapTask(t, inner -> () -> {
            ran.add("wrapper");
            inner.run();
        }));
        t.start();
        assertTrue(t.join(java.time.Duration.ofSeconds(10)));
        assertEquals(List.of("wrapper", "task"), ran);
    }

    /** The one "which goroutine am I": a goroutine's own record, null on a platform or a JDK virtual thread. */
    @Test
    void currentGoroutineIsTheCallersRecordOnlyOnAGoroutine() throws Exception {
        JdkInternals jdk = JdkInternals.get();
        assertNull(VirtualThreadAdapter.currentGoroutine(), "a platform thread");
        AtomicReference<Object> onJdkThread = new AtomicReference<>("unset");
        Thread.ofVirtual().start(() -> onJdkThread.set(VirtualThreadAdapter.currentGoroutine())).join();
        assertNull(onJdkThread.get(), "a virtual thread of the JDK's scheduler");
        try (dev.gmp.TestRuntimes t = new dev.gmp.TestRuntimes(1)) {
            java.util.concurrent.CompletableFuture<dev.gmp.internal.sched.Goroutine> seen =
                    new java.util.concurrent.CompletableFuture<>();
            t.rt.go(() -> seen.complete(VirtualThreadAdapter.currentGoroutine()));
            dev.gmp.internal.sched.Goroutine g = seen.get(10, TimeUnit.SECONDS);
            assertNotNull(g, "a goroutine");
            assertSame(t.rt.scheduler(), g.scheduler(), "its own runtime's record");
            assertTrue(g.goid() > 0);
        }
    }

    /** Needs jdk.internal.vm and java.util.concurrent open, as the agent and this build's test JVMs do. */
    @Test
    void taskOfSeesThroughTheContinuationAndTheExecutorsWrapper() throws Exception {
        JdkInternals jdk = JdkInternals.get();
        Runnable task = () -> {};
        assertSame(task, jdk.taskOf(Thread.ofVirtual().unstarted(task)), "Thread.ofVirtual().unstarted(task)");
        java.util.concurrent.atomic.AtomicReference<Thread> made = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
        Runnable submitted = ran::countDown;
        try (var exec = java.util.concurrent.Executors.newThreadPerTaskExecutor(r -> {
            Thread t = Thread.ofVirtual().unstarted(r);
            made.set(t);
            return t;
        })) {
            exec.execute(submitted);
            assertTrue(ran.await(10, TimeUnit.SECONDS));
        }
        assertSame(submitted, jdk.taskOf(made.get()), "executor.execute(task): TaskRunner unwrapped");
    }

    /** submit(runnable) and submit(callable) make futures of one class: the key is the function inside. */
    @Test
    void siteKeyOfSeesThroughTheFutureOfSubmit() {
        JdkInternals jdk = JdkInternals.get();
        Runnable r = () -> {};
        java.util.concurrent.Callable<Integer> c = () -> 1;
        assertSame(r, jdk.siteKeyOf(new java.util.concurrent.FutureTask<>(r, null)), "submit(runnable)");
        assertSame(c, jdk.siteKeyOf(new java.util.concurrent.FutureTask<>(c)), "submit(callable)");
        assertSame(r, jdk.siteKeyOf(r), "not a future: the task itself");
    }

    @Test
    void siteKeyOfAnAsyncStageIsItsFunction() {
        JdkInternals jdk = JdkInternals.get();
        java.util.List<Runnable> submitted = new java.util.ArrayList<>();
        Runnable r = () -> {};
        java.util.function.Function<Integer, Integer> f = x -> x + 1;
        java.util.concurrent.CompletableFuture.runAsync(r, submitted::add);
        java.util.concurrent.CompletableFuture.completedFuture(1).thenApplyAsync(f, submitted::add);
        assertEquals(2, submitted.size());
        assertSame(r, jdk.siteKeyOf(submitted.get(0)), "runAsync: its runnable");
        assertSame(f, jdk.siteKeyOf(submitted.get(1)), "thenApplyAsync: its function");
    }

    @Test
    void notAVirtualThreadTaskIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> JdkInternals.get().threadOf(() -> {}));
    }

    /** Without --add-opens (and without the agent) the first use fails with one line naming the fix. */
    @Test
    void withoutOpensTheFailureIsOneLineNamingTheFix() throws Exception {
        String out = runNoOpensMain();
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.endsWith(JdkInternals.FIX), out);
    }

    /** -XX:-VMContinuations binds every virtual thread to a platform thread: one line that says so. */
    @Test
    void withoutContinuationsTheFailureIsOneLineSayingSo() throws Exception {
        String out = runNoOpensMain("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-XX:+UnlockExperimentalVMOptions", "-XX:-VMContinuations");
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.endsWith(JdkInternals.NO_CONTINUATIONS), out);
        assertTrue(JdkInternals.continuationsSupported(), "this test JVM has them");
    }

    /** Runs NoOpensMain in a JVM with {@code jvmArgs}; it must fail; returns its output. */
    private static String runNoOpensMain(String... jvmArgs) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new java.util.ArrayList<>(List.of(java));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.gmp.internal.jdk.NoOpensMain"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertNotEquals(0, p.exitValue());
        return out;
    }
}
