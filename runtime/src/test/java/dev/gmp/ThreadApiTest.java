package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A goroutine answers every public {@code Thread} method as a virtual thread of the JDK's scheduler does: the
 * goroutine link is invisible (docs/architecture.md §1). Each probe runs in a JDK virtual thread, in a goroutine,
 * and in a virtual thread a goroutine started (adopted), and the answers must be the same.
 */
class ThreadApiTest {

    /** The answers of the public {@code Thread} methods, asked from inside the thread, with ids and carriers cut. */
    static Map<String, Object> probe() {
        Thread me = Thread.currentThread();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("getUncaughtExceptionHandler is the group", me.getUncaughtExceptionHandler() == me.getThreadGroup());
        a.put("getThreadGroup", me.getThreadGroup().getName());
        a.put("getName", me.getName());
        a.put("isDaemon", me.isDaemon());
        a.put("getPriority", me.getPriority());
        a.put("isVirtual", me.isVirtual());
        a.put("getState", me.getState());
        a.put("isAlive", me.isAlive());
        a.put("isInterrupted", me.isInterrupted());
        a.put("getContextClassLoader", me.getContextClassLoader() == ThreadApiTest.class.getClassLoader());
        a.put("threadId is getId", me.threadId() == me.getId());
        a.put("toString", me.toString().replaceAll("#\\d+", "#id").replaceAll("@.*$", "@carrier"));
        Thread.UncaughtExceptionHandler h = (t, e) -> {};
        me.setUncaughtExceptionHandler(h);
        a.put("setUncaughtExceptionHandler then get", me.getUncaughtExceptionHandler() == h);
        me.setUncaughtExceptionHandler(null);
        a.put("set null then get is the group", me.getUncaughtExceptionHandler() == me.getThreadGroup());
        a.put("getDefaultUncaughtExceptionHandler", String.valueOf(Thread.getDefaultUncaughtExceptionHandler()));
        return a;
    }

    private static Map<String, Object> inJdkVirtualThread() throws Exception {
        AtomicReference<Map<String, Object>> out = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> out.set(probe()));
        t.join();
        return out.get();
    }

    private static Map<String, Object> inGoroutine(GmpRuntime rt, boolean child) throws Exception {
        AtomicReference<Map<String, Object>> out = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        rt.go(() -> {
            try {
                if (child) {
                    Thread.ofVirtual().start(() -> out.set(probe())).join();
                } else {
                    out.set(probe());
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                done.countDown();
            }
        });
        assertTrue(done.await(30, TimeUnit.SECONDS));
        return out.get();
    }

    @Test
    void aGoroutineAnswersThePublicThreadMethodsAsAJdkVirtualThread() throws Exception {
        Map<String, Object> jdk = inJdkVirtualThread();
        assertEquals(true, jdk.get("getUncaughtExceptionHandler is the group"), jdk.toString());
        try (TestRuntimes t = new TestRuntimes(2)) {
            assertEquals(jdk, inGoroutine(t.rt, false), "a goroutine made by go");
            assertEquals(jdk, inGoroutine(t.rt, true), "a virtual thread a goroutine started");
            assertTrue(t.rt.stats().goroutines().created() >= 2, "the child was adopted as a goroutine");
        }
    }

    /** A terminated goroutine: no handler, no group, as any terminated thread (Thread.getUncaughtExceptionHandler). */
    @Test
    void aTerminatedGoroutineHasNoHandlerAndNoGroup() throws Exception {
        try (TestRuntimes t = new TestRuntimes(1)) {
            AtomicReference<Thread> thread = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            t.rt.go(() -> {
                thread.set(Thread.currentThread());
                started.countDown();
            });
            assertTrue(started.await(30, TimeUnit.SECONDS));
            assertTrue(thread.get().join(java.time.Duration.ofSeconds(30)));
            assertNull(thread.get().getUncaughtExceptionHandler());
            assertNull(thread.get().getThreadGroup());
            assertEquals(Thread.State.TERMINATED, thread.get().getState());
        }
    }

    /**
     * The handler the application set runs with the thread and the exception, exactly once, after the panic
     * report; as the JDK runs it for its own virtual threads.
     */
    @Test
    void theApplicationsHandlerRunsOnceAfterThePanicReport() throws Exception {
        for (boolean child : new boolean[] {false, true}) {
            try (TestRuntimes t = new TestRuntimes(1)) {
                List<Object> calls = new CopyOnWriteArrayList<>();
                CountDownLatch handled = new CountDownLatch(1);
                AtomicReference<Thread> thrower = new AtomicReference<>();
                Consumer<Thread> setHandler = th -> th.setUncaughtExceptionHandler((x, e) -> {
                    calls.add(x);
                    calls.add(e.getMessage());
                    handled.countDown();
                });
                Runnable body = () -> {
                    thrower.set(Thread.currentThread());
                    setHandler.accept(Thread.currentThread());
                    throw new IllegalStateException("boom " + child);
                };
                if (child) {
                    t.rt.go(() -> Thread.ofVirtual().start(body));
                } else {
                    t.rt.go(body);
                }
                assertTrue(handled.await(30, TimeUnit.SECONDS));
                assertTrue(thrower.get().join(java.time.Duration.ofSeconds(30)));
                assertEquals(List.of(thrower.get(), "boom " + child), calls);
                assertTrue(t.err().startsWith("panic: java.lang.IllegalStateException: boom " + child), t.err());
                assertEquals(1, t.rt.stats().panics(), "counted once");
            }
        }
    }

    /** With no handler set, the default handler runs (after the report), and the thread group prints nothing. */
    @Test
    void theDefaultHandlerRunsWhenNoneIsSet() throws Exception {
        Thread.UncaughtExceptionHandler saved = Thread.getDefaultUncaughtExceptionHandler();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch handled = new CountDownLatch(1);
        Thread.setDefaultUncaughtExceptionHandler((x, e) -> {
            seen.set(e);
            handled.countDown();
        });
        try (TestRuntimes t = new TestRuntimes(1)) {
            t.rt.go(() -> {
                throw new IllegalStateException("to the default");
            });
            assertTrue(handled.await(30, TimeUnit.SECONDS));
            assertEquals("to the default", seen.get().getMessage());
            assertTrue(t.err().startsWith("panic: java.lang.IllegalStateException: to the default"), t.err());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(saved);
        }
        assertSame(saved, Thread.getDefaultUncaughtExceptionHandler());
    }
}
