package dev.gmp.testapp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a virtual thread's public {@code Thread} methods answer, asked from inside it: a thread started from main
 * (routed to GMP under the agent), a thread that one started (its child), and the handler an application sets,
 * run on an uncaught exception. Prints one {@code key=value} line per answer, ids and carriers cut, so that runs
 * with and without the agent can be compared line for line. With the argument {@code go}, a goroutine made by
 * {@code Go.go} answers too (its lines start with {@code go_}).
 */
public final class ThreadApi {
    private ThreadApi() {}

    public static void main(String[] args) throws Exception {
        List<String> out = new ArrayList<>();
        Thread.ofVirtual().start(() -> {
            probe("started_by_main", out);
            try {
                Thread.ofVirtual().start(() -> probe("child", out)).join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).join();

        if (args.length > 0 && args[0].equals("go")) {
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            dev.gmp.Go.go(() -> {
                probe("go", out);
                done.countDown();
            });
            done.await();
        }

        AtomicReference<String> handled = new AtomicReference<>("not run");
        Thread thrower = Thread.ofVirtual().start(() -> {
            Thread me = Thread.currentThread();
            me.setUncaughtExceptionHandler((t, e) -> handled.set((t == me) + " " + e.getMessage()));
            throw new IllegalStateException("handled by the application");
        });
        thrower.join();
        out.add("handler_ran=" + handled.get());
        out.add("terminated_handler=" + thrower.getUncaughtExceptionHandler());
        out.add("terminated_group=" + thrower.getThreadGroup());
        out.forEach(System.out::println);
    }

    private static void probe(String who, List<String> out) {
        Thread me = Thread.currentThread();
        List<String> a = new ArrayList<>();
        a.add("handler_is_group=" + (me.getUncaughtExceptionHandler() == me.getThreadGroup()));
        a.add("group=" + me.getThreadGroup().getName());
        a.add("name=" + me.getName());
        a.add("daemon=" + me.isDaemon());
        a.add("priority=" + me.getPriority());
        a.add("virtual=" + me.isVirtual());
        a.add("state=" + me.getState());
        a.add("alive=" + me.isAlive());
        a.add("interrupted=" + me.isInterrupted());
        a.add("loader_is_app=" + (me.getContextClassLoader() == ClassLoader.getSystemClassLoader()));
        a.add("toString=" + me.toString().replaceAll("#\\d+", "#id").replaceAll("@.*$", "@carrier"));
        Thread.UncaughtExceptionHandler h = (t, e) -> { };
        me.setUncaughtExceptionHandler(h);
        a.add("set_then_get=" + (me.getUncaughtExceptionHandler() == h));
        me.setUncaughtExceptionHandler(null);
        a.add("set_null_then_group=" + (me.getUncaughtExceptionHandler() == me.getThreadGroup()));
        a.add("default_handler=" + Thread.getDefaultUncaughtExceptionHandler());
        synchronized (out) {
            a.forEach(line -> out.add(who + "_" + line));
        }
    }
}
