package dev.gmp.internal.sched;

import java.util.List;

/**
 * No Go counterpart (Go's runtime is linked into the binary, never loaded lazily): loads, on the platform thread
 * that starts the first runtime, the classes a goroutine would otherwise load itself on its first park, channel
 * operation, select, sleep, timer or context.
 *
 * <p>Why it matters: while any {@code ClassFileTransformer} is registered (gmp-agent registers one for
 * {@code @Blocking}, {@code blocking=} and {@code preempt=}; most APM agents do too), HotSpot keeps a virtual
 * thread strongly reachable until it ends once it has loaded a class while running: a no-op transformer is enough
 * to reproduce it, and a heap dump shows no Java-heap path to the thread (JVMTI per-thread state, created when
 * the class-file-load hook is posted on it). Such a goroutine is never collected while parked, so its leak cannot
 * be proven (docs/leaks.md, "Limits"). Loading the runtime's own classes, and the wait-path classes of the JDK's
 * blocking primitives, here keeps them from being the class load that pins a goroutine; the application's own
 * first-use class loads remain.
 *
 * <p>Loading only ({@code initialize=false}): the class-file-load hook fires at load. A name this JDK does not
 * have is skipped. The list is checked by {@code ClassPreloadTest}: every name exists on the JDK the build runs
 * on (but those of {@link #NOT_IN_EVERY_JDK}), and a listed class of ours comes with all its nested and
 * javac-numbered classes ({@code Timer$1}...), so a rename or a new anonymous class fails the build instead of
 * silently pinning goroutines again.
 */
final class ClassPreload {
    /** Found with a transformer that logs loads on virtual threads while goroutines use every runtime API. */
    static final List<String> NAMES = List.of(
        // the park path
        "dev.gmp.internal.sched.WaitReason", "dev.gmp.internal.sched.WaitReasons",
        "dev.gmp.internal.sched.WaitReasons$1", "dev.gmp.internal.sched.Preemption",
        "dev.gmp.internal.sched.GStatus",
        // go, and a virtual thread started by a goroutine (adopted): the bottom frame of the new goroutine
        "dev.gmp.internal.sched.GoroutineEntry",
        // channels and select
        "dev.gmp.Chan", "dev.gmp.Chan$1", "dev.gmp.SendChan", "dev.gmp.RecvChan", "dev.gmp.Recv",
        "dev.gmp.Select", "dev.gmp.Select$OkHandler",
        "dev.gmp.GoPanic", "dev.gmp.internal.chan.Hchan", "dev.gmp.internal.chan.Sudog",
        "dev.gmp.internal.chan.WaitQ", "dev.gmp.internal.chan.Waiter", "dev.gmp.internal.chan.SelectGo",
        "dev.gmp.internal.chan.Blocking", "dev.gmp.internal.chan.Blocking$Forever",
        "dev.gmp.internal.chan.ForeignThreads",
        // sync, x/sync, runtime.Stack and Goexit
        "dev.gmp.WaitGroup", "dev.gmp.WaitGroup$Node", "dev.gmp.Locker", "dev.gmp.Mutex", "dev.gmp.RWMutex",
        "dev.gmp.RWMutex$1", "dev.gmp.Once", "dev.gmp.Once$1", "dev.gmp.FatalError", "dev.gmp.Goexit",
        "dev.gmp.internal.sync.Sema", "dev.gmp.internal.sync.Sema$Node", "dev.gmp.internal.sync.SyncHome",
        "dev.gmp.ErrGroup", "dev.gmp.ErrGroup$Task", "dev.gmp.WeightedSemaphore",
        "dev.gmp.WeightedSemaphore$Waiter", "dev.gmp.SingleFlight", "dev.gmp.SingleFlight$Call",
        "dev.gmp.SingleFlight$Result", "dev.gmp.internal.sched.CurrentStack",
        // time
        "dev.gmp.Time", "dev.gmp.Timer", "dev.gmp.Timer$1", "dev.gmp.Timer$2", "dev.gmp.Ticker",
        "dev.gmp.Ticker$1", "dev.gmp.internal.timer.Sleep", "dev.gmp.internal.timer.Sleep$Sleeper",
        "dev.gmp.internal.timer.TimerQueue", "dev.gmp.internal.timer.RuntimeTimer",
        // context
        "dev.gmp.Context", "dev.gmp.CancelContext", "dev.gmp.ContextError", "dev.gmp.Contexts",
        "dev.gmp.Contexts$EmptyCtx", "dev.gmp.Contexts$CancelCtx", "dev.gmp.Contexts$TimerCtx",
        "dev.gmp.Contexts$TimerCtx$1", "dev.gmp.Contexts$ValueCtx", "dev.gmp.CancelCauseContext",
        "dev.gmp.Contexts$NeverCancelled", "dev.gmp.Contexts$WithoutCancelCtx", "dev.gmp.Contexts$AfterFuncCtx",
        "dev.gmp.Context$Stop",
        // the JDK's, on a virtual thread's first start, park, sleep or timer thread
        "jdk.internal.event.VirtualThreadStartEvent", "jdk.internal.event.VirtualThreadEndEvent",
        "jdk.internal.event.VirtualThreadPinnedEvent", "jdk.internal.event.VirtualThreadSubmitFailedEvent",
        "jdk.internal.event.ThreadSleepEvent", "jdk.internal.misc.CarrierThread",
        "java.lang.Thread$Builder$OfPlatform", "java.lang.ThreadBuilders$PlatformThreadBuilder",
        "java.time.Instant", "java.time.Instant$1", "java.time.Clock", "java.time.temporal.ChronoUnit",
        "java.time.temporal.ChronoField", "java.time.temporal.ValueRange",
        // the JDK's blocking primitives: what a thread loads on its first wait in each (found with jdk.ClassLoad
        // events, whose thread is virtual: a first CompletableFuture.get loads ForkJoinTask$Aux, a first
        // Condition.await or LinkedBlockingQueue.take AbstractQueuedSynchronizer$ConditionNode)
        "java.util.concurrent.locks.AbstractQueuedSynchronizer$ExclusiveNode",
        "java.util.concurrent.locks.AbstractQueuedSynchronizer$SharedNode",
        "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode",
        "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject",
        "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$ExclusiveNode",
        "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$SharedNode",
        "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$ConditionNode",
        "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$ConditionObject",
        "java.util.concurrent.locks.Condition", "java.util.concurrent.locks.ReentrantLock",
        "java.util.concurrent.locks.ReentrantLock$NonfairSync", "java.util.concurrent.locks.ReentrantLock$FairSync",
        "java.util.concurrent.locks.ReentrantReadWriteLock$NonfairSync",
        "java.util.concurrent.locks.ReentrantReadWriteLock$FairSync",
        "java.util.concurrent.locks.ReentrantReadWriteLock$ReadLock",
        "java.util.concurrent.locks.ReentrantReadWriteLock$WriteLock",
        "java.util.concurrent.locks.StampedLock$WriterNode", "java.util.concurrent.locks.StampedLock$ReaderNode",
        "java.util.concurrent.CompletableFuture", "java.util.concurrent.CompletableFuture$Signaller",
        "java.util.concurrent.CompletableFuture$AltResult", "java.util.concurrent.ForkJoinTask$Aux",
        "java.util.concurrent.ForkJoinPool$ManagedBlocker", "java.util.concurrent.FutureTask$WaitNode",
        "java.util.concurrent.CountDownLatch$Sync", "java.util.concurrent.Semaphore$NonfairSync",
        "java.util.concurrent.Semaphore$FairSync", "java.util.concurrent.CyclicBarrier$Generation",
        "java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.LinkedBlockingQueue$Node",
        "java.util.concurrent.LinkedBlockingDeque$Node", "java.util.concurrent.ArrayBlockingQueue",
        "java.util.concurrent.SynchronousQueue$Transferer", "java.util.concurrent.LinkedTransferQueue$DualNode",
        "java.util.concurrent.Exchanger$Node", "java.util.concurrent.Exchanger$Participant",
        "java.util.concurrent.Phaser$QNode");

    /**
     * Names of {@link #NAMES} that only some supported JDKs have: JDK 21 posts the pinned event from Java, JDK 25
     * from the VM, where JEP 491 moved pinning.
     */
    static final List<String> NOT_IN_EVERY_JDK = List.of("jdk.internal.event.VirtualThreadPinnedEvent");

    private static volatile boolean done;

    private ClassPreload() {}

    /** Loads the classes once per JVM; a no-op on a virtual thread (loading there is what this avoids). */
    static void ensure() {
        if (done || Thread.currentThread().isVirtual()) {
            return;
        }
        ClassLoader ours = ClassPreload.class.getClassLoader();
        for (String name : NAMES) {
            try {
                Class.forName(name, false, name.startsWith("dev.gmp.") ? ours : null);
            } catch (ClassNotFoundException | LinkageError absent) {
                // not on this JDK: nothing to load
            }
        }
        done = true;
    }
}
