package dev.gmp.internal.stats;

import dev.gmp.GoroutineInfo;
import dev.gmp.internal.sched.GStatus;
import dev.gmp.internal.sched.Goroutine;
import dev.gmp.internal.sched.Scheduler;
import dev.gmp.internal.sched.Traceback;
import dev.gmp.internal.sched.WaitReasons;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Takes the per-goroutine view ({@link GoroutineInfo}) of every live goroutine (Go: the {@code allgs} walk of
 * {@code runtime.Stack(buf, true)}): status, wait reason, time blocked, creation site and stack.
 *
 * <p>Unlike Go, the world is not stopped: each goroutine is read at its own instant. A stack costs a
 * {@code Thread.getStackTrace()} (a handshake if the goroutine is mounted), so this is on demand only and is never
 * part of a metrics scrape. The JDK's and the runtime's frames are dropped, as Go drops {@code runtime.*} frames
 * unless {@code GOTRACEBACK=system} ({@link Traceback#visible}).
 */
public final class GoroutineSnapshots {
    private GoroutineSnapshots() {}

    /**
     * Every live goroutine. With {@code system}, or under {@code GOTRACEBACK=system}, as Go then shows them: the
     * JDK's system goroutines too, and every frame ({@link Traceback#visible}).
     */
    public static List<GoroutineInfo> take(Scheduler sched, boolean system) {
        boolean all = system || Traceback.showsSystem();
        List<Goroutine> gs = sched.registry().snapshot();
        List<GoroutineInfo> out = new ArrayList<>(gs.size());
        long now = System.nanoTime();
        for (Goroutine g : gs) {
            GoroutineInfo info = all || !g.isSystem() ? of(g, now, all) : null;
            if (info != null) {
                out.add(info);
            }
        }
        return out;
    }

    /** The view of one goroutine, or null if it is dead or its thread is gone. */
    static GoroutineInfo of(Goroutine g, long now, boolean systemFrames) {
        Thread t = g.thread();
        int st = g.status();
        if (t == null || st == GStatus.DEAD) {
            return null;
        }
        String reason = st == GStatus.WAITING ? WaitReasons.of(g) : "";
        long since = g.waitSince();
        long waiting = (st == GStatus.WAITING || st == GStatus.SYSCALL) && since != 0 ? Math.max(0, now - since) : 0;
        List<StackTraceElement> stack = Traceback.visible(t.getStackTrace(), systemFrames);
        if (st == GStatus.WAITING && reason.isEmpty()) {
            reason = "park";
        }
        return new GoroutineInfo(g.goid(), GStatus.name(st), reason, waiting, g.parentGoid(),
                Arrays.asList(g.createdBy()), stack);
    }

    /** The frames a traceback shows ({@link Traceback#visible}): the JDK's and the runtime's are dropped. */
    public static List<StackTraceElement> visibleFrames(StackTraceElement[] frames) {
        return Traceback.visible(frames);
    }
}
