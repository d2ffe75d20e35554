package dev.gmp.internal.jdk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.concurrent.Executor;

/**
 * Every reflective access the runtime makes into the JDK, in one place (DESIGN §2).
 *
 * <p>What we touch, all in {@code java.lang} (so {@code --add-opens java.base/java.lang=ALL-UNNAMED}, or the
 * agent, which opens it with {@code Instrumentation.redefineModule}):
 * <ul>
 *   <li>{@code ThreadBuilders$VirtualThreadBuilder(Executor)}: a virtual-thread builder with our scheduler.</li>
 *   <li>The captured {@code VirtualThread} of the {@code runContinuation} task ({@code this::runContinuation},
 *       a hidden lambda class with exactly one field of type {@code VirtualThread}). We find the field by type,
 *       not by its synthetic name, once per task class.</li>
 *   <li>{@code Thread.uncaughtExceptionHandler}, read raw: the goroutine record is installed there (see
 *       {@code Goroutine}), so finding a thread's goroutine is two field reads, with no map on the hot path.</li>
 * </ul>
 * A failure to open any of these gives one line that names the fix, never a stack of reflection errors.
 */
public final class JdkInternals implements VirtualThreadAdapter {

    /** The one-line fix printed when {@code java.lang} is not open to us. */
    public static final String FIX =
            "gmp: cannot reach java.lang internals: run with -javaagent:gmp-agent.jar, "
                    + "or add --add-opens java.base/java.lang=ALL-UNNAMED";

    private static volatile JdkInternals instance; // lazily created, then immutable

    private final Constructor<?> builderConstructor;
    private final Class<?> virtualThreadClass;
    private final VarHandle uncaughtHandler;
    private volatile TaskAccessor taskAccessor; // the runContinuation lambda class and its field; set once

    private record TaskAccessor(Class<?> taskClass, VarHandle thread) {}

    private JdkInternals() {
        try {
            Class<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            builderConstructor = builder.getDeclaredConstructor(Executor.class);
            builderConstructor.setAccessible(true);
            virtualThreadClass = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup threadLookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            uncaughtHandler = threadLookup.findVarHandle(
                    Thread.class, "uncaughtExceptionHandler", Thread.UncaughtExceptionHandler.class);
        } catch (InaccessibleObjectException | IllegalAccessException e) {
            throw new JdkAccessError(FIX);
        } catch (ReflectiveOperationException e) {
            throw new JdkAccessError("gmp: this JDK (" + Runtime.version()
                    + ") lacks a virtual-thread internal the runtime needs (" + e.getMessage()
                    + "); JDK 21 to 25 are supported");
        }
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
        TaskAccessor a = taskAccessor;
        if (a == null || a.taskClass != task.getClass()) {
            a = accessorFor(task.getClass());
        }
        return (Thread) a.thread.get(task);
    }

    private TaskAccessor accessorFor(Class<?> taskClass) {
        for (Field f : taskClass.getDeclaredFields()) {
            if (f.getType() == virtualThreadClass && !Modifier.isStatic(f.getModifiers())) {
                try {
                    MethodHandles.Lookup l = MethodHandles.privateLookupIn(taskClass, MethodHandles.lookup());
                    TaskAccessor a = new TaskAccessor(taskClass, l.unreflectVarHandle(f));
                    taskAccessor = a;
                    return a;
                } catch (IllegalAccessException | InaccessibleObjectException e) {
                    throw new JdkAccessError(FIX);
                }
            }
        }
        throw new IllegalArgumentException("not a virtual thread continuation: " + taskClass.getName());
    }

    @Override
    public Thread.UncaughtExceptionHandler rawHandler(Thread thread) {
        return (Thread.UncaughtExceptionHandler) uncaughtHandler.getAcquire(thread);
    }

    @Override
    public boolean casHandler(Thread thread, Thread.UncaughtExceptionHandler expected,
                              Thread.UncaughtExceptionHandler handler) {
        return uncaughtHandler.compareAndSet(thread, expected, handler);
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
