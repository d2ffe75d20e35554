package dev.gmp.agent;

import dev.gmp.GmpRuntime;
import dev.gmp.agent.bootstrap.GmpBridge;
import dev.gmp.internal.jdk.JdkInternals;
import dev.gmp.internal.jdk.VirtualThreadAdapter;
import dev.gmp.internal.sched.Goroutine;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What the bootstrap bridge dispatches to: the syscall path of the calling goroutine's own runtime (so
 * goroutines of every runtime in the process take it, not only the default one's), and the default runtime's
 * scheduler for routed virtual threads. Lives in the application class loader with the runtime.
 */
final class RuntimeDispatch implements GmpBridge.Dispatch {
    /**
     * What the dispatch path touches, loaded and linked by {@link #preload}. Names, not class literals: some are
     * package-private to the scheduler. {@code RuntimeDispatchTest} fails when one no longer exists.
     */
    static final List<String> PRELOADED = List.of(
            "dev.gmp.internal.sched.Goroutine", "dev.gmp.internal.sched.SyscallHandoff",
            "dev.gmp.internal.sched.Machine", "dev.gmp.internal.sched.Processor",
            "dev.gmp.internal.sched.PStatus", "dev.gmp.internal.sched.GStatus",
            "dev.gmp.internal.sched.Preemption", "dev.gmp.internal.sched.Scheduler",
            "dev.gmp.internal.sched.SchedEvents", "dev.gmp.internal.sched.Sysmon",
            "dev.gmp.internal.sched.LocalRunQueue", "dev.gmp.internal.sched.GlobalRunQueue",
            "dev.gmp.internal.sched.GoroutineEntry", "dev.gmp.internal.jdk.VirtualThreadAdapter",
            "java.util.concurrent.locks.LockSupport");

    private final boolean route;

    RuntimeDispatch(boolean route) {
        JdkInternals.get(); // java.lang must be open: fails here with the one-line fix, not on a first syscall
        this.route = route;
    }

    @Override
    public boolean enterSyscall() {
        Goroutine g = VirtualThreadAdapter.currentGoroutine();
        return g != null && g.scheduler().syscalls().enter();
    }

    @Override
    public void exitSyscall() {
        Goroutine g = VirtualThreadAdapter.currentGoroutine();
        if (g != null) {
            g.scheduler().syscalls().exit();
        }
    }

    @Override
    public boolean exitSyscallIfGoroutine() {
        Goroutine g = VirtualThreadAdapter.currentGoroutine();
        if (g == null) {
            return false;
        }
        g.scheduler().syscalls().exit();
        return true;
    }

    @Override
    public boolean queuedWorkOnP() {
        Goroutine g = VirtualThreadAdapter.currentGoroutine();
        return g != null && g.scheduler().hasQueuedWork(g);
    }

    @Override
    public Executor schedulerForNewVirtualThread() {
        return route ? GmpRuntime.getDefault().scheduler() : null;
    }

    /**
     * Loads and links what the dispatch path touches, on the premain thread, so that the first call on a
     * goroutine never has to load a class: loading reads the agent jar through {@code RandomAccessFile}, whose
     * rewritten {@code read} would call back into this dispatch while it is being linked.
     */
    void preload() throws ClassNotFoundException {
        ClassLoader cl = RuntimeDispatch.class.getClassLoader();
        for (String c : PRELOADED) {
            Class.forName(c, true, cl);
        }
        VirtualThreadAdapter.currentGoroutine();
        enterSyscall(); // not a goroutine: links the path and returns false
        exitSyscallIfGoroutine();
        queuedWorkOnP();
    }
}
