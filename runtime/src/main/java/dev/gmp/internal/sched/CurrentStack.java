package dev.gmp.internal.sched;

import java.util.List;

/**
 * The calling goroutine's traceback as text (Go's {@code runtime.Stack(buf, false)} and {@code debug.Stack()},
 * golang/go src/runtime/mprof.go {@code Stack} and src/runtime/debug/stack.go): the same header, frames and
 * {@code created by} lines a goroutine dump prints for it ({@link Traceback}), with the state {@code running}.
 *
 * <pre>
 * goroutine 18 [running]:
 * com.acme.Worker.work(...)
 * 	Worker.java:42
 * created by com.acme.Main.main in goroutine 1
 * 	Main.java:12
 * </pre>
 * The main goroutine of {@code GmpRuntime.run} has no {@code created by} line, as in Go. On a thread that is not
 * a goroutine the header reads {@code goroutine 0} (the id {@code Go.goid()} gives it).
 */
public final class CurrentStack {
    private CurrentStack() {}

    /**
     * The traceback of the calling thread, leaving out this method's frame and {@code skip} frames above it (the
     * API method that called it, for {@code runtime.Stack}; none, for {@code debug.Stack}, which shows itself).
     */
    public static String render(int skip) {
        List<StackTraceElement> frames = StackWalker.getInstance().walk(s -> s.skip(1L + skip)
                .map(StackWalker.StackFrame::toStackTraceElement).toList());
        Goroutine g = dev.gmp.internal.jdk.VirtualThreadAdapter.currentGoroutine();
        StringBuilder out = new StringBuilder(256);
        Traceback.header(out, g != null ? g.goid : 0, "running", 0);
        Traceback.frames(out, frames.toArray(new StackTraceElement[0]));
        if (g != null && !g.isMain) {
            Traceback.createdBy(out, g.createdBy, g.parentGoid);
        }
        return out.toString();
    }
}
