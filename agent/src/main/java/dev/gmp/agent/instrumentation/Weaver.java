package dev.gmp.agent.instrumentation;

import dev.gmp.agent.AgentLog;
import dev.gmp.agent.config.BlockingPattern;
import dev.gmp.agent.instrumentation.LoopStripMining.Plan;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The agent's one class-file transformer: every rewrite, with plain ASM visitors (ByteBuddy's relocated copy),
 * so attaching costs a few dozen classes, not ByteBuddy's type machinery.
 *
 * <p>The gate, in order of cost: a class is looked at only if its name is a JDK target, a {@code blocking=}
 * class or in a {@code preempt=} package, or if its bytes mention {@code Ldev/gmp/Blocking;} (a method annotated
 * {@code @Blocking} names it in its constant pool). Everything else is a name check and one byte scan.
 *
 * <p>A class that cannot be rewritten gets a warning and is loaded unchanged: the application runs.
 */
public final class Weaver implements ClassFileTransformer {
    static final String BLOCKING_DESC = "Ldev/gmp/Blocking;";
    private static final byte[] BLOCKING_BYTES = BLOCKING_DESC.getBytes(StandardCharsets.US_ASCII);

    static final String BLOCKER = "jdk/internal/misc/Blocker";
    static final String THREAD_BUILDERS = "java/lang/ThreadBuilders";
    static final String NEW_VIRTUAL_THREAD_DESC =
            "(Ljava/util/concurrent/Executor;Ljava/lang/String;ILjava/lang/Runnable;)Ljava/lang/Thread;";
    static final String FJ_WORKER = "java/util/concurrent/ForkJoinWorkerThread";
    static final String PHASER = "java/util/concurrent/Phaser";
    static final Set<String> FILE_CLASSES = Set.of("java/io/FileInputStream", "java/io/FileOutputStream",
            "java/io/RandomAccessFile");

    private final AgentLog log;
    private final Class<?> blockerToken;           // boolean.class, long.class, or null: off
    private final boolean fileIo;
    private final boolean routing;
    private final boolean queuedWork;
    private final Map<String, List<BlockingPattern>> patterns; // internal class name -> patterns
    private final List<String> preemptPrefixes;                // internal-name prefixes
    private final Set<ClassLoader> blindLoaders = ConcurrentHashMap.newKeySet();

    Weaver(AgentLog log, Class<?> blockerToken, boolean fileIo, boolean routing, boolean queuedWork,
           Map<String, List<BlockingPattern>> patterns, List<String> preemptPrefixes) {
        this.log = log;
        this.blockerToken = blockerToken;
        this.fileIo = fileIo;
        this.routing = routing;
        this.queuedWork = queuedWork;
        this.patterns = patterns;
        this.preemptPrefixes = preemptPrefixes;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] bytes) {
        if (className == null) {
            return null; // hidden classes, lambdas
        }
        try {
            if (loader == null) {
                return transformJdk(className, bytes);
            }
            if (className.startsWith("dev/gmp/agent/") || className.startsWith("dev/gmp/internal/")) {
                return null;
            }
            List<BlockingPattern> pats = patterns.get(className);
            boolean preempt = inPreemptPackage(className) && seesOurRuntime(loader, className);
            boolean annotated = contains(bytes, BLOCKING_BYTES);
            if (pats == null && !preempt && !annotated) {
                return null;
            }
            try {
                return transformApp(className, bytes, pats, preempt, annotated, preempt);
            } catch (RuntimeException e) {
                if (!preempt) {
                    throw e;
                }
                // Strip mining makes methods longer; one already near the 64 KiB limit may no longer fit.
                log.warn("could not strip-mine the loops of " + className.replace('/', '.') + " (" + e
                        + "); they poll on every back-edge");
                return transformApp(className, bytes, pats, true, annotated, false);
            }
        } catch (Throwable t) {
            log.warn("could not rewrite " + className.replace('/', '.') + " (" + t + "); it runs unchanged");
            return null;
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] bytes) {
        return transform(null, loader, className, classBeingRedefined, protectionDomain, bytes);
    }

    private boolean inPreemptPackage(String className) {
        for (String p : preemptPrefixes) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Polls call dev.gmp.internal.sched.Preemption directly: only where that resolves to our runtime. */
    private boolean seesOurRuntime(ClassLoader loader, String className) {
        if (blindLoaders.contains(loader)) {
            return false;
        }
        try {
            if (Class.forName("dev.gmp.internal.sched.Preemption", false, loader)
                    == dev.gmp.internal.sched.Preemption.class) {
                return true;
            }
        } catch (ClassNotFoundException | LinkageError ignored) {
            // below
        }
        if (blindLoaders.add(loader)) {
            log.warn("preempt=: class loader " + loader + " cannot see the GMP runtime; " + className.replace('/', '.')
                    + " and the other classes it loads stay cooperative");
        }
        return false;
    }

    static boolean contains(byte[] hay, byte[] needle) {
        byte first = needle[0];
        int last = hay.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (hay[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The newest class-file major version this ASM reads (Java 25). */
    static final int ASM_MAX_MAJOR = Opcodes.V25 & 0xFFFF;

    /**
     * A reader for {@code bytes}. A class file newer than this ASM knows (a JDK after 25) is read as if it were
     * Java 25 (what ByteBuddy's OpenedClassReader does): the rewrites touch only instructions that exist since
     * Java 7; {@link #keepVersion} writes the original version back.
     */
    static ClassReader reader(byte[] bytes) {
        int major = ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF);
        if (major <= ASM_MAX_MAJOR) {
            return new ClassReader(bytes);
        }
        byte[] copy = bytes.clone();
        copy[6] = (byte) (ASM_MAX_MAJOR >>> 8);
        copy[7] = (byte) ASM_MAX_MAJOR;
        return new ClassReader(copy);
    }

    /** The version to write: the original one from {@code bytes}. */
    static int keepVersion(byte[] bytes, int readVersion) {
        int major = ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF);
        return major <= ASM_MAX_MAJOR ? readVersion : (readVersion & 0xFFFF0000) | major;
    }

    // ---------------------------------------------------------------------------------------------------------
    // JDK classes

    private byte[] transformJdk(String className, byte[] bytes) {
        boolean blocker = blockerToken != null && className.equals(BLOCKER);
        boolean file = fileIo && FILE_CLASSES.contains(className);
        boolean route = routing && className.equals(THREAD_BUILDERS);
        boolean queued = queuedWork && className.equals(FJ_WORKER);
        boolean phaser = className.equals(PHASER);
        if (!blocker && !file && !route && !queued && !phaser) {
            return null;
        }
        ClassReader reader = reader(bytes);
        Map<String, Integer> maxLocals = file ? maxLocals(reader) : Map.of();
        ClassWriter writer = new ClassWriter(0);
        boolean modern = blockerToken == boolean.class;
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String sig, String superName, String[] itf) {
                super.visit(keepVersion(bytes, version), access, name, sig, superName, itf);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, exc);
                if (blocker) {
                    if (name.equals("begin") && desc.equals(modern ? "()Z" : "()J")) {
                        return JdkRewrites.blockerBegin(mv, modern);
                    }
                    if (name.equals("end") && desc.equals(modern ? "(Z)V" : "(J)V")) {
                        return JdkRewrites.blockerEnd(mv, modern);
                    }
                } else if (route) {
                    if (name.equals("newVirtualThread") && desc.equals(NEW_VIRTUAL_THREAD_DESC)
                            && (access & Opcodes.ACC_STATIC) != 0) {
                        return JdkRewrites.routing(mv);
                    }
                } else if (queued) {
                    if (name.equals("hasKnownQueuedWork") && desc.equals("()Z") && (access & Opcodes.ACC_STATIC) != 0) {
                        return JdkRewrites.knownQueuedWork(mv);
                    }
                } else if (phaser) {
                    if (name.equals("internalAwaitAdvance")) {
                        return JdkRewrites.phaserSpins(mv);
                    }
                } else if (isFileSyscall(className, access, name)) {
                    return new SyscallWrap(mv, className, access, desc, maxLocals.get(name + desc));
                }
                return mv;
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /**
     * The Java methods that call the file natives: {@code open} (private, "wrap native call to allow
     * instrumentation"), public {@code read} (FileInputStream, RandomAccessFile) and {@code write}
     * (FileOutputStream, RandomAccessFile).
     */
    static boolean isFileSyscall(String className, int access, String name) {
        if ((access & (Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT)) != 0) {
            return false;
        }
        if (name.equals("open")) {
            return (access & Opcodes.ACC_PRIVATE) != 0;
        }
        if ((access & Opcodes.ACC_PUBLIC) == 0) {
            return false;
        }
        return switch (className) {
            case "java/io/FileInputStream" -> name.equals("read");
            case "java/io/FileOutputStream" -> name.equals("write");
            default -> name.equals("read") || name.equals("write");
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // Application classes

    /**
     * One method as the pre-pass saw it; {@code straight}: it has no invoke or invokedynamic instruction and no
     * backward jump, so it runs in time bounded by its length.
     */
    private record MethodInfo(int access, int maxLocals, boolean annotated, boolean straight, Plan plan) {}

    private byte[] transformApp(String className, byte[] bytes, List<BlockingPattern> pats, boolean preempt,
                                boolean annotatedClass, boolean mayStripMine) {
        ClassReader reader = reader(bytes);
        if (reader.readUnsignedShort(6) < Opcodes.V1_6 && (pats != null || annotatedClass)) {
            log.warn(className.replace('/', '.') + ": class file too old (no stack map frames) for syscall "
                    + "rewriting; its designated methods stay as they are");
            pats = null;
            annotatedClass = false;
            if (!preempt) {
                return null;
            }
        }
        // Strip mining adds stack map frames: only where frames are mandatory (Java 7+ class files).
        boolean stripMine = mayStripMine && reader.readUnsignedShort(6) >= Opcodes.V1_7;
        Map<String, MethodInfo> methods = prepass(reader, stripMine ? this::inPreemptPackage : null);
        if (pats != null) {
            warnMissing(className, pats, methods);
        }
        List<BlockingPattern> patterns = pats;
        boolean wrapAny = pats != null || annotatedClass;
        ClassWriter writer = new ClassWriter(0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String sig, String superName, String[] itf) {
                super.visit(keepVersion(bytes, version), access, name, sig, superName, itf);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, exc);
                MethodInfo info = methods.get(name + desc);
                boolean designated = wrapAny && info != null && designated(name, info, patterns);
                if (preempt) {
                    // A designated method's syscall wrapping adds instructions and locals ahead of the polls:
                    // its loops keep a poll on every back-edge.
                    Plan plan = info == null || designated ? Plan.NONE : info.plan;
                    mv = PreemptionPolls.wrap(name, info == null || !info.straight, plan, mv);
                }
                if (designated) {
                    mv = new SyscallWrap(mv, className, access, desc, info.maxLocals);
                }
                return mv;
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    private static boolean designated(String name, MethodInfo info, List<BlockingPattern> pats) {
        if ((info.access & (Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT)) != 0 || name.startsWith("<")) {
            return false; // no code, a constructor, or a class initialiser
        }
        if (info.annotated) {
            return true;
        }
        if (pats != null) {
            for (BlockingPattern p : pats) {
                if (p.allMethods() || p.method().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void warnMissing(String className, List<BlockingPattern> pats, Map<String, MethodInfo> methods) {
        for (BlockingPattern p : pats) {
            if (p.allMethods()) {
                continue;
            }
            boolean any = false;
            boolean withCode = false;
            for (Map.Entry<String, MethodInfo> e : methods.entrySet()) {
                if (e.getKey().startsWith(p.method() + "(")) {
                    any = true;
                    withCode |= (e.getValue().access & (Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT)) == 0;
                }
            }
            if (!any) {
                log.warn("blocking=" + p + ": " + className.replace('/', '.') + " declares no method '" + p.method()
                        + "'; nothing designated");
            } else if (!withCode) {
                log.warn("blocking=" + p + ": '" + p.method() + "' is native or abstract; designate the Java method "
                        + "that calls it");
            }
        }
    }

    /**
     * Per method (name + descriptor): access, original max_locals, whether it is annotated @Blocking, whether
     * it is straight-line code (no calls, no backward jumps: no preemption poll needed), and, when
     * {@code polledOwner} is given, its loops to strip-mine ({@link LoopStripMining}; {@code polledOwner}
     * tells which classes' methods poll).
     */
    private static Map<String, MethodInfo> prepass(ClassReader reader, Predicate<String> polledOwner) {
        Map<String, MethodInfo> out = new HashMap<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                String key = name + desc;
                out.put(key, new MethodInfo(access, 0, false, false, Plan.NONE)); // no code: visitMaxs never comes
                LoopStripMining.Finder finder = polledOwner == null ? null : new LoopStripMining.Finder(polledOwner);
                return new MethodVisitor(Opcodes.ASM9, finder) {
                    private final Set<Label> seen = new HashSet<>();
                    private boolean annotated;
                    private boolean straight = true;

                    @Override
                    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                        annotated |= descriptor.equals(BLOCKING_DESC);
                        out.put(key, new MethodInfo(access, 0, annotated, false, Plan.NONE));
                        return null;
                    }

                    @Override
                    public void visitLabel(Label label) {
                        seen.add(label);
                        super.visitLabel(label);
                    }

                    @Override
                    public void visitJumpInsn(int opcode, Label label) {
                        straight &= !seen.contains(label);
                        super.visitJumpInsn(opcode, label);
                    }

                    @Override
                    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
                        straight &= !seen.contains(dflt) && Collections.disjoint(seen, Arrays.asList(labels));
                        super.visitTableSwitchInsn(min, max, dflt, labels);
                    }

                    @Override
                    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
                        straight &= !seen.contains(dflt) && Collections.disjoint(seen, Arrays.asList(labels));
                        super.visitLookupSwitchInsn(dflt, keys, labels);
                    }

                    @Override
                    public void visitMethodInsn(int op, String owner, String mname, String mdesc, boolean itf) {
                        straight = false;
                        super.visitMethodInsn(op, owner, mname, mdesc, itf);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... bsmArgs) {
                        straight = false;
                        super.visitInvokeDynamicInsn(n, d, bsm, bsmArgs);
                    }

                    @Override
                    public void visitMaxs(int maxStack, int maxLocals) {
                        Plan plan = finder == null ? Plan.NONE : finder.plan(maxLocals);
                        out.put(key, new MethodInfo(access, maxLocals, annotated, straight, plan));
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        return out;
    }

    private static Map<String, Integer> maxLocals(ClassReader reader) {
        Map<String, Integer> out = new HashMap<>();
        for (Map.Entry<String, MethodInfo> e : prepass(reader, null).entrySet()) {
            out.put(e.getKey(), e.getValue().maxLocals);
        }
        return out;
    }
}
