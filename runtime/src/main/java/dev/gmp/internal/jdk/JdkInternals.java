package dev.gmp.internal.jdk;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.security.ProtectionDomain;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * Every reflective access the runtime makes into the JDK, in one place (docs/architecture.md §1).
 *
 * <p>What we touch, all in {@code java.lang} (so {@code --add-opens java.base/java.lang=ALL-UNNAMED}, or the
 * agent, which opens it with {@code Instrumentation.redefineModule}):
 * <ul>
 *   <li>{@code ThreadBuilders$VirtualThreadBuilder(Executor)}: a virtual-thread builder with our scheduler.</li>
 *   <li>The captured {@code VirtualThread} of the {@code runContinuation} task ({@code this::runContinuation},
 *       a hidden lambda class with exactly one field of type {@code VirtualThread}). We find the field by type,
 *       not by its synthetic name, once per task class.</li>
 *   <li>{@code VirtualThread.scheduler}, the goroutine link ({@link #link}): the Executor the JDK hands the
 *       thread's continuation to. The runtime writes a goroutine's own record there, so the JDK submits it
 *       straight to its record and finding a thread's goroutine is two field reads, with no map on the hot path.
 *       The field is final: it is written once per goroutine, before the thread runs, through a setter handle.
 *       No public {@code Thread} method reads it, which is why it holds the link. Rejected:
 *       {@code Thread.uncaughtExceptionHandler}, which is the application's: {@code getUncaughtExceptionHandler}
 *       would answer our record instead of the thread group or the handler the application set. (JDK 26's
 *       final-field mutation warning, JEP 500, will need {@code --enable-final-field-mutation}; the JDK's scheduler
 *       API, when published, replaces this adapter.)</li>
 *   <li>{@code Thread.container}, read once by the leak detector: the class of a started virtual thread's root
 *       container tells whether the JDK keeps every virtual thread reachable ({@code jdk.trackAllThreads}).</li>
 * </ul>
 * A failure to open any of these gives one line that names the fix, never a stack of reflection errors.
 *
 * <p>Optional, and also opened by the agent: the task a virtual thread runs ({@link #taskOf}), through
 * {@code VirtualThread.cont}, {@code jdk.internal.vm.Continuation.target}, the continuation wrapper's captured
 * task and {@code java.util.concurrent.ThreadPerTaskExecutor$TaskRunner.task}; and the function a submitted
 * future runs ({@link #siteKeyOf}: {@code FutureTask.callable}, {@code Executors$RunnableAdapter.task}, an async
 * {@code CompletableFuture} stage's {@code fn}). They only make creation sites of adopted threads cheaper
 * (CreationSites); without {@code jdk.internal.vm} open {@code taskOf} answers null and {@code siteKeyOf} the task
 * itself.
 */
public final class JdkInternals implements VirtualThreadAdapter {

    /** The one-line fix printed when {@code java.lang} is not open to us. */
    public static final String FIX =
            "gmp: cannot reach java.lang internals: run with -javaagent:gmp-agent.jar, "
                    + "or add --add-opens java.base/java.lang=ALL-UNNAMED";

    /** The one line when this JVM's virtual threads have no continuations ({@link #continuationsSupported}). */
    public static final String NO_CONTINUATIONS = "gmp: this JVM runs virtual threads without continuations "
            + "(-XX:-VMContinuations): each is bound to a platform thread, and none can run on GMP";

    private static volatile JdkInternals instance; // lazily created, then immutable

    /**
     * The handles used on the scheduler's hot path, in static finals so the JIT can inline them (a VarHandle in
     * an instance field is invoked through its slow path). Initialised once; a failure is kept as a message.
     */
    private static final class Hot {
        static final VarHandle SCHEDULER;      // VirtualThread.scheduler, read
        static final MethodHandle SET_SCHEDULER; // VirtualThread.scheduler, written: (Thread, Executor)void
        static final Class<?> TASK_CLASS;      // the runContinuation lambda's hidden class
        static final VarHandle TASK_THREAD;    // its captured VirtualThread
        static final String FAILURE;

        static {
            VarHandle scheduler = null;
            MethodHandle setScheduler = null;
            Class<?> taskClass = null;
            VarHandle taskThread = null;
            String failure = null;
            try {
                Class<?> vt = Class.forName("java.lang.VirtualThread");
                MethodHandles.Lookup vtLookup = MethodHandles.privateLookupIn(vt, MethodHandles.lookup());
                scheduler = vtLookup.findVarHandle(vt, "scheduler", Executor.class);
                setScheduler = finalFieldSetter(vt.getDeclaredField("scheduler"))
                        .asType(MethodType.methodType(void.class, Thread.class, Executor.class));
                VarHandle rc = vtLookup.findVarHandle(vt, "runContinuation", Runnable.class);
                Runnable sample = (Runnable) rc.get(Thread.ofVirtual().unstarted(() -> {}));
                taskClass = sample.getClass();
                taskThread = threadFieldOf(taskClass, vt);
            } catch (InaccessibleObjectException | IllegalAccessException e) {
                failure = FIX;
            } catch (ClassCastException e) {
                failure = NO_CONTINUATIONS;
            } catch (ReflectiveOperationException | RuntimeException e) {
                failure = "gmp: this JDK (" + Runtime.version() + ") lacks a virtual-thread internal the runtime needs ("
                        + e + "); JDK 21 to 25 are supported";
            }
            SCHEDULER = failure == null ? scheduler : null; // a BoundVirtualThread has no scheduler field
            SET_SCHEDULER = setScheduler;
            TASK_CLASS = taskClass;
            TASK_THREAD = taskThread;
            FAILURE = failure;
        }
    }

    /**
     * The setter of the task the continuation wrapper captured, or null where the JDK's wrapper is a lambda (a
     * hidden class, JDK 21: its final fields cannot be written).
     */
    private static MethodHandle wrapperSetter(Class<?> wrapper) {
        try {
            return finalFieldSetter(capturedField(wrapper, Runnable.class))
                    .asType(MethodType.methodType(void.class, Object.class, Runnable.class));
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    /** The handles of {@link #taskOf}; all null when a package is not open or this JDK differs. */
    private static final class Tasks {
        static final VarHandle CONT;         // VirtualThread.cont
        static final VarHandle TARGET;       // Continuation.target
        static final Class<?> WRAPPER;       // VirtualThread$VThreadContinuation$1: run() { vthread.run(task); }
        static final VarHandle WRAPPED;      // its captured task
        static final MethodHandle SET_WRAPPED; // the same field, written: (Object, Runnable)void
        static final Class<?> RUNNER;        // ThreadPerTaskExecutor$TaskRunner
        static final VarHandle RUNNER_TASK;  // its task
        static final VarHandle CALLABLE;     // FutureTask.callable (ExecutorService.submit's future)
        static final Class<?> ADAPTER;       // Executors$RunnableAdapter: submit(Runnable)'s callable
        static final VarHandle ADAPTED;      // its task

        static {
            VarHandle cont = null;
            VarHandle target = null;
            Class<?> wrapper = null;
            VarHandle wrapped = null;
            MethodHandle setWrapped = null;
            Class<?> runner = null;
            VarHandle runnerTask = null;
            VarHandle callable = null;
            Class<?> adapter = null;
            VarHandle adapted = null;
            try {
                Class<?> vt = Class.forName("java.lang.VirtualThread");
                Class<?> c = Class.forName("jdk.internal.vm.Continuation");
                VarHandle contH = MethodHandles.privateLookupIn(vt, MethodHandles.lookup())
                        .findVarHandle(vt, "cont", c);
                VarHandle targetH = MethodHandles.privateLookupIn(c, MethodHandles.lookup())
                        .findVarHandle(c, "target", Runnable.class);
                Runnable probe = () -> {};
                Object w = targetH.get(contH.get(Thread.ofVirtual().unstarted(probe)));
                VarHandle wrappedH = capturedFieldOf(w.getClass(), Runnable.class, "no captured task in ");
                if (wrappedH.get(w) == probe) { // the wrapper captures exactly the task we gave it
                    cont = contH;
                    target = targetH;
                    wrapper = w.getClass();
                    wrapped = wrappedH;
                    setWrapped = wrapperSetter(w.getClass());
                    Class<?> r = Class.forName("java.util.concurrent.ThreadPerTaskExecutor$TaskRunner");
                    runnerTask = MethodHandles.privateLookupIn(r, MethodHandles.lookup())
                            .findVarHandle(r, "task", Runnable.class);
                    runner = r;
                    Class<?> f = java.util.concurrent.FutureTask.class;
                    callable = MethodHandles.privateLookupIn(f, MethodHandles.lookup())
                            .findVarHandle(f, "callable", java.util.concurrent.Callable.class);
                    Class<?> a = Class.forName("java.util.concurrent.Executors$RunnableAdapter");
                    adapted = MethodHandles.privateLookupIn(a, MethodHandles.lookup())
                            .findVarHandle(a, "task", Runnable.class);
                    adapter = a;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not open (no agent, no --add-opens), or another JDK: taskOf answers null or stops at TaskRunner
            }
            CONT = cont;
            TARGET = target;
            WRAPPER = wrapper;
            WRAPPED = wrapped;
            SET_WRAPPED = setWrapped;
            RUNNER = runner;
            RUNNER_TASK = runnerTask;
            CALLABLE = callable;
            ADAPTER = adapter;
            ADAPTED = adapted;
        }

    }

    private final Constructor<?> builderConstructor;
    private final Class<?> virtualThreadClass;
    private volatile TaskAccessor taskAccessor; // another task class seen at run time (not expected); set once

    private record TaskAccessor(Class<?> taskClass, VarHandle thread) {}

    private JdkInternals() {
        if (Hot.FAILURE != null) {
            throw new JdkAccessError(Hot.FAILURE);
        }
        try {
            Class<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            builderConstructor = builder.getDeclaredConstructor(Executor.class);
            builderConstructor.setAccessible(true);
            virtualThreadClass = Class.forName("java.lang.VirtualThread");
        } catch (InaccessibleObjectException e) {
            throw new JdkAccessError(FIX);
        } catch (ReflectiveOperationException e) {
            throw new JdkAccessError("gmp: this JDK (" + Runtime.version()
                    + ") lacks a virtual-thread internal the runtime needs (" + e.getMessage()
                    + "); JDK 21 to 25 are supported");
        }
    }

    /** The VarHandle of the one non-static field of type {@code vt} in a continuation task class. */
    private static VarHandle threadFieldOf(Class<?> taskClass, Class<?> vt) throws IllegalAccessException {
        return capturedFieldOf(taskClass, vt, "not a virtual thread continuation: ");
    }

    /**
     * The VarHandle of the first non-static field of {@code type} in {@code owner}: a value a JDK lambda or
     * anonymous class captured, found by type rather than by its synthetic name.
     */
    private static VarHandle capturedFieldOf(Class<?> owner, Class<?> type, String notFound)
            throws IllegalAccessException {
        Field f = capturedField(owner, type);
        if (f == null) {
            throw new IllegalArgumentException(notFound + owner.getName());
        }
        return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).unreflectVarHandle(f);
    }

    /** The first non-static field of {@code type} declared by {@code owner}, or null. */
    private static Field capturedField(Class<?> owner, Class<?> type) {
        for (Field f : owner.getDeclaredFields()) {
            if (f.getType() == type && !Modifier.isStatic(f.getModifiers())) {
                return f;
            }
        }
        return null;
    }

    /**
     * A setter of a final instance field of a JDK class (the package must be open to us). Final fields can be
     * written only by deep reflection, which the JDK allows on an ordinary class's instance field once
     * {@code setAccessible} succeeded (Field.set); a handle in a static final is inlined to a plain store.
     */
    private static MethodHandle finalFieldSetter(Field f) throws IllegalAccessException {
        f.setAccessible(true);
        return MethodHandles.lookup().unreflectSetter(f);
    }

    /** The process-wide accessor; fails with {@link JdkAccessError} carrying the one-line fix. */
    public static JdkInternals get() {
        JdkInternals i = instance;
        if (i == null) {
            synchronized (JdkInternals.class) {
                i = instance;
                if (i == null) {
                    i = new JdkInternals();
                    instance = i;
                }
            }
        }
        return i;
    }

    @Override
    public Thread.Builder.OfVirtual builder(Executor scheduler) {
        try {
            return (Thread.Builder.OfVirtual) builderConstructor.newInstance(scheduler);
        } catch (ReflectiveOperationException e) {
            throw new JdkAccessError("gmp: cannot create a virtual-thread builder: " + e);
        }
    }

    @Override
    public Thread threadOf(Runnable task) {
        if (task.getClass() == Hot.TASK_CLASS) {
            return (Thread) Hot.TASK_THREAD.get(task);
        }
        TaskAccessor a = taskAccessor;
        if (a == null || a.taskClass != task.getClass()) {
            try {
                a = new TaskAccessor(task.getClass(), threadFieldOf(task.getClass(), virtualThreadClass));
            } catch (IllegalAccessException | InaccessibleObjectException e) {
                throw new JdkAccessError(FIX);
            }
            taskAccessor = a;
        }
        return (Thread) a.thread.get(task);
    }

    @Override
    public Runnable taskOf(Thread virtualThread) {
        if (Tasks.WRAPPER == null) {
            return null;
        }
        Object w = Tasks.TARGET.get(Tasks.CONT.get(virtualThread));
        if (w == null || w.getClass() != Tasks.WRAPPER) {
            return null;
        }
        Runnable task = (Runnable) Tasks.WRAPPED.get(w);
        if (task != null && task.getClass() == Tasks.RUNNER) {
            task = (Runnable) Tasks.RUNNER_TASK.get(task); // executor.execute(task): the application's task
        }
        return task;
    }

    /**
     * The {@code fn} field of an async {@code CompletableFuture} stage's class ({@code AsyncSupply},
     * {@code AsyncRun}, {@code UniApply} and the other completions): the application's function; empty where the
     * class has none or {@code java.util.concurrent} is closed to us.
     */
    private static final ClassValue<java.util.Optional<VarHandle>> STAGE_FN = new ClassValue<>() {
        @Override
        protected java.util.Optional<VarHandle> computeValue(Class<?> type) {
            try {
                Field f = type.getDeclaredField("fn");
                return java.util.Optional.of(MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                        .unreflectVarHandle(f));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return java.util.Optional.empty();
            }
        }
    };

    @Override
    public Object siteKeyOf(Runnable task) {
        if (task instanceof java.util.concurrent.CompletableFuture.AsynchronousCompletionTask) {
            // Every async stage of every chain is one of a dozen JDK classes: its function tells the stages apart.
            VarHandle fn = STAGE_FN.get(task.getClass()).orElse(null);
            Object f = fn != null ? fn.get(task) : null;
            return f != null ? f : task;
        }
        if (Tasks.CALLABLE == null || !(task instanceof java.util.concurrent.FutureTask<?>)) {
            return task;
        }
        Object c = Tasks.CALLABLE.get(task);
        if (c != null && c.getClass() == Tasks.ADAPTER) {
            c = Tasks.ADAPTED.get(c); // submit(runnable): the application's runnable
        }
        return c != null ? c : task;
    }

    @Override
    public boolean wrapTask(Thread virtualThread, UnaryOperator<Runnable> wrap) {
        if (Tasks.SET_WRAPPED == null) {
            return false;
        }
        Object w = Tasks.TARGET.get(Tasks.CONT.get(virtualThread));
        if (w == null || w.getClass() != Tasks.WRAPPER) {
            return false;
        }
        try {
            Tasks.SET_WRAPPED.invokeExact(w, wrap.apply((Runnable) Tasks.WRAPPED.get(w)));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return true;
    }

    @Override
    public Executor link(Thread thread) {
        return (Executor) Hot.SCHEDULER.get(thread);
    }

    /**
     * {@link #link} for callers without the instance, which must not fail where no runtime can run: null for a
     * platform thread, and where {@code java.lang} is closed to us or virtual threads have no continuations (no
     * goroutine exists then). A static final handle, so as cheap as {@link #link}.
     */
    public static Executor linkOf(Thread thread) {
        VarHandle h = Hot.SCHEDULER;
        return h != null && thread.isVirtual() ? (Executor) h.get(thread) : null;
    }

    @Override
    public void setLink(Thread virtualThread, Executor link) {
        try {
            Hot.SET_SCHEDULER.invokeExact(virtualThread, link);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Whether the JDK keeps every started virtual thread strongly reachable ({@code jdk.trackAllThreads}, read once
     * by {@code jdk.internal.vm.ThreadContainers} when it initialises, true unless set to false then). Read from the
     * root container {@code thread} was started in: {@code TrackingRootContainer} (true) or
     * {@code CountingRootContainer} (false). The property's value now proves nothing: it may have been set after
     * the JDK read it.
     *
     * @param thread a started virtual thread not started in a structured scope
     * @return the answer, or null if it cannot be told (a scoped thread, another JDK's container classes)
     */
    public static Boolean tracksAllThreads(Thread thread) {
        Object container;
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            container = l.findVarHandle(Thread.class, "container",
                    Class.forName("jdk.internal.vm.ThreadContainer")).get(thread);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
        String c = container == null ? "" : container.getClass().getName();
        if (c.endsWith("$TrackingRootContainer")) {
            return Boolean.TRUE;
        }
        if (c.endsWith("$CountingRootContainer")) {
            return Boolean.FALSE;
        }
        return null;
    }

    /**
     * Whether this JVM runs virtual threads on continuations. Under {@code -XX:-VMContinuations} (a supported
     * HotSpot mode) every virtual thread is bound to a platform thread of its own ({@code BoundVirtualThread}):
     * there is no continuation to mount, so no scheduler of ours can run one. Asks
     * {@code jdk.internal.vm.ContinuationSupport.isSupported()} when {@code jdk.internal.vm} is open to us (the
     * agent opens it first), which loads nothing else; otherwise looks at the class of an unstarted virtual thread
     * (which initialises the JDK's thread containers, so too late for the agent's {@code jdk.trackAllThreads}).
     */
    public static boolean continuationsSupported() {
        try {
            Class<?> c = Class.forName("jdk.internal.vm.ContinuationSupport");
            return (boolean) MethodHandles.privateLookupIn(c, MethodHandles.lookup())
                    .findStatic(c, "isSupported", MethodType.methodType(boolean.class)).invokeExact();
        } catch (Throwable notOpenOrAnotherJdk) {
            return Thread.ofVirtual().unstarted(() -> {}).getClass().getName().equals("java.lang.VirtualThread");
        }
    }

    /**
     * Defines {@code bytes} as class {@code name} in the bootstrap class loader, through the JDK's own
     * {@code static native ClassLoader.defineClass1(loader, name, b, off, len, pd, source)} with a null loader
     * (what {@code JavaLangAccess.defineClass} does for the JDK). The agent's bootstrap bridge is defined this way
     * rather than by appending a jar to the bootstrap class path: an appended path makes HotSpot turn class data
     * sharing off for every non-boot class and print a VM warning at each start. A class defined here lives in the
     * boot loader's unnamed module, as one found on an appended path would. Needs {@code java.lang} open to us;
     * define a class before any class that refers to it (the boot loader finds defined classes, not bytes).
     *
     * @throws JdkAccessError with the one-line fix when {@code java.lang} is closed or this JDK lacks the method
     */
    public static Class<?> defineInBootLoader(String name, byte[] bytes) {
        MethodHandle define;
        try {
            define = MethodHandles.privateLookupIn(ClassLoader.class, MethodHandles.lookup()).findStatic(
                    ClassLoader.class, "defineClass1", MethodType.methodType(Class.class,
                            ClassLoader.class, String.class, byte[].class, int.class, int.class,
                            ProtectionDomain.class, String.class));
        } catch (InaccessibleObjectException | IllegalAccessException e) {
            throw new JdkAccessError(FIX);
        } catch (NoSuchMethodException e) {
            throw new JdkAccessError("gmp: this JDK (" + Runtime.version()
                    + ") lacks ClassLoader.defineClass1, which the agent needs; JDK 21 to 25 are supported");
        }
        try {
            return (Class<?>) define.invoke((ClassLoader) null, name, bytes, 0, bytes.length,
                    (ProtectionDomain) null, (String) null);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Thrown when the JDK's internals cannot be reached; its message is the one line to print. */
    public static final class JdkAccessError extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        JdkAccessError(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // the message is the whole story
        }
    }
}
