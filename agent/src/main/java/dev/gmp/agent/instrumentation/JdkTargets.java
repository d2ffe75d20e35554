package dev.gmp.agent.instrumentation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.Executor;

/**
 * The JDK methods the agent rewrites, checked for presence before anything is woven (an unexpected
 * JDK gives a warning and that feature off, never a broken application). Reading declared members needs no
 * access to {@code java.base} internals; weaving is done with plain ASM visitors (ByteBuddy's relocated copy) in
 * {@link Weaver}, through {@code Instrumentation}.
 * {@code JdkTargetsTest} fails when a JDK update moves one of them.
 */
public final class JdkTargets {
    public static final String BLOCKER = "jdk.internal.misc.Blocker";
    public static final String THREAD_BUILDERS = "java.lang.ThreadBuilders";
    public static final String NEW_VIRTUAL_THREAD = "newVirtualThread";
    public static final String FJ_WORKER = "java.util.concurrent.ForkJoinWorkerThread";
    public static final String HAS_KNOWN_QUEUED_WORK = "hasKnownQueuedWork";
    public static final String PHASER = "java.util.concurrent.Phaser";

    private JdkTargets() {}

    /** The shape of {@code Blocker.begin()}: JDK 23+ returns boolean, JDK 21/22 long; null if neither. */
    public static Class<?> blockerToken() {
        try {
            Class<?> blocker = Class.forName(BLOCKER, false, null);
            Method begin = blocker.getDeclaredMethod("begin");
            Class<?> token = begin.getReturnType();
            if ((token == boolean.class || token == long.class) && Modifier.isStatic(begin.getModifiers())) {
                blocker.getDeclaredMethod("end", token);
                return token;
            }
            return null;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** Whether {@code static Thread ThreadBuilders.newVirtualThread(Executor, String, int, Runnable)} exists. */
    public static boolean routingTarget() {
        try {
            Method m = Class.forName(THREAD_BUILDERS, false, null).getDeclaredMethod(NEW_VIRTUAL_THREAD,
                    Executor.class, String.class, int.class, Runnable.class);
            return Modifier.isStatic(m.getModifiers()) && m.getReturnType() == Thread.class;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    /**
     * Whether {@code static boolean ForkJoinWorkerThread.hasKnownQueuedWork()} exists (JDK 22+): the question
     * {@code LinkedTransferQueue} and {@code Exchanger} ask before they spin.
     */
    public static boolean queuedWorkTarget() {
        try {
            Method m = Class.forName(FJ_WORKER, false, null).getDeclaredMethod(HAS_KNOWN_QUEUED_WORK);
            return Modifier.isStatic(m.getModifiers()) && m.getReturnType() == boolean.class;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    /** Whether the Java methods that call the file natives are where we expect them; else a description. */
    public static String fileIoMissing() {
        try {
            java.io.FileInputStream.class.getDeclaredMethod("read");
            java.io.FileInputStream.class.getDeclaredMethod("read", byte[].class, int.class, int.class);
            java.io.FileInputStream.class.getDeclaredMethod("open", String.class);
            java.io.FileOutputStream.class.getDeclaredMethod("write", byte[].class, int.class, int.class);
            java.io.FileOutputStream.class.getDeclaredMethod("open", String.class, boolean.class);
            java.io.RandomAccessFile.class.getDeclaredMethod("read", byte[].class, int.class, int.class);
            java.io.RandomAccessFile.class.getDeclaredMethod("write", byte[].class, int.class, int.class);
            java.io.RandomAccessFile.class.getDeclaredMethod("open", String.class, int.class);
            return null;
        } catch (NoSuchMethodException e) {
            return e.getMessage();
        }
    }
}
