package dev.gmp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Go's {@code singleflight.Group} (golang.org/x/sync/singleflight, golang/sync singleflight/singleflight.go):
 * duplicate suppression. Concurrent calls with the same key share one execution of the function and its result.
 *
 * <pre>{@code
 * var flights = new SingleFlight<User>();
 * var r = flights.call("user:" + id, () -> db.loadUser(id));   // v, err, shared := g.Do(key, fn)
 * if (r.err() != null) throw r.err();
 * return r.val();
 * }</pre>
 *
 * <ul>
 *   <li>{@link #call} (Go's {@code Do}, a Java keyword) runs {@code fn} unless a call with that key is in flight,
 *       in which case it waits (wait reason {@code sync.WaitGroup.Wait}) and shares that call's result;
 *       {@link Result#shared()} says whether the result went to more than one caller.</li>
 *   <li>An {@link Exception} thrown by {@code fn} is its error ({@link Result#err()}), shared like a value. An
 *       {@link Error} is a Go panic: rethrown to every {@code call} that shares it; with {@link #callChan}
 *       callers the goroutine running it ends with that panic and their channels get nothing, as Go crashes
 *       there.</li>
 *   <li>{@link #callChan} (Go's {@code DoChan}) runs {@code fn} in a new goroutine and returns a receive-only
 *       channel that gets the result.</li>
 *   <li>{@link #forget} makes later calls with the key run {@code fn} again instead of waiting for the one in
 *       flight.</li>
 * </ul>
 *
 * @param <V> the result type (Go's {@code interface{}})
 */
public final class SingleFlight<V> {
    /** Go's {@code Result}: what {@link #callChan} delivers, and what {@link #call} returns. */
    public record Result<V>(V val, Exception err, boolean shared) {}

    /** An in-flight or completed call (Go's {@code call}). */
    private static final class Call<V> {
        final WaitGroup wg = new WaitGroup();
        // Written by the running call before wg.done(); read by others after wg.await().
        V val;
        Exception err;
        Error panic;
        int dups;                              // guarded by the group's mu
        List<Chan<Result<V>>> chans;           // guarded by the group's mu
    }

    private final Mutex mu = new Mutex();
    private final Map<String, Call<V>> m = new HashMap<>(); // guarded by mu

    /** {@code g.Do(key, fn)}: runs {@code fn} once for all concurrent calls with {@code key}. */
    public Result<V> call(String key, Callable<V> fn) {
        Objects.requireNonNull(fn, "nil func");
        mu.lock();
        Call<V> c = m.get(key);
        if (c != null) {
            c.dups++;
            mu.unlock();
            c.wg.await();
            if (c.panic != null) {
                throw c.panic;
            }
            return new Result<>(c.val, c.err, true);
        }
        c = new Call<>();
        c.wg.add(1);
        m.put(key, c);
        mu.unlock();
        doCall(c, key, fn);
        if (c.panic != null) {
            throw c.panic;
        }
        return new Result<>(c.val, c.err, c.dups > 0); // dups is final: c left the map under mu in doCall
    }

    /** {@code g.DoChan(key, fn)}: like {@link #call}, without blocking; the result arrives on the channel. */
    public RecvChan<Result<V>> callChan(String key, Callable<V> fn) {
        Objects.requireNonNull(fn, "nil func");
        Chan<Result<V>> ch = Chan.make(1);
        mu.lock();
        Call<V> c = m.get(key);
        if (c != null) {
            c.dups++;
            if (c.chans == null) {
                c.chans = new ArrayList<>(); // a call started by call() gains its first channel
            }
            c.chans.add(ch);
            mu.unlock();
            return ch;
        }
        Call<V> nc = new Call<>();
        nc.chans = new ArrayList<>(List.of(ch));
        nc.wg.add(1);
        m.put(key, nc);
        mu.unlock();
        GmpRuntime.current().sched.creation().newproc(() -> {
            doCall(nc, key, fn);
            if (nc.panic != null) {
                throw nc.panic; // nobody can receive it: the goroutine panics, as Go's does
            }
        }, fn);
        return ch;
    }

    /** {@code g.Forget(key)}: later calls with {@code key} run their function instead of waiting for this one. */
    public void forget(String key) {
        mu.lock();
        m.remove(key);
        mu.unlock();
    }

    private void doCall(Call<V> c, String key, Callable<V> fn) {
        try {
            c.val = fn.call();
        } catch (Exception e) {
            c.err = e;
        } catch (Error e) {
            c.panic = e;
        } finally {
            List<Chan<Result<V>>> chans;
            mu.lock();
            c.wg.done();
            if (m.get(key) == c) {
                m.remove(key);
            }
            chans = c.chans;
            mu.unlock();
            if (c.panic == null && chans != null) {
                Result<V> r = new Result<>(c.val, c.err, c.dups > 0);
                for (Chan<Result<V>> ch : chans) {
                    ch.send(r); // buffered, one value each: never blocks
                }
            }
        }
    }
}
