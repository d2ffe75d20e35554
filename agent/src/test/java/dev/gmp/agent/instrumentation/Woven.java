package dev.gmp.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.gmp.agent.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/** Test fixtures as {@code preempt=dev.gmp.testapp.polls.} weaves them, and what the woven code calls. */
final class Woven {
    static final String PACKAGE = "dev/gmp/testapp/polls/";

    private Woven() {}

    static byte[] weave(Class<?> c) throws Exception {
        String name = c.getName().replace('.', '/');
        try (InputStream in = c.getClassLoader().getResourceAsStream(name + ".class")) {
            assertNotNull(in, name);
            return weave(name, in.readAllBytes());
        }
    }

    static byte[] weave(String name, byte[] bytes) {
        return weave(name, bytes, new ByteArrayOutputStream());
    }

    /** The agent's weaver with only {@code preempt=} set, to {@code prefix} (internal form), logging to {@code log}. */
    static Weaver preempting(String prefix, ByteArrayOutputStream log) {
        return new Weaver(new AgentLog(new PrintStream(log, true)), null, false, false, false, Map.of(),
                List.of(prefix));
    }

    /** {@link #weave(String, byte[])}, the agent's log going to {@code log}. */
    static byte[] weave(String name, byte[] bytes, ByteArrayOutputStream log) {
        Weaver w = preempting(PACKAGE, log);
        byte[] out = w.transform(Woven.class.getClassLoader(), name, null, null, bytes);
        assertNotNull(out, "not woven; log: " + log);
        return out;
    }

    /** Per method name: how many calls to {@code owner.name desc} it makes (0 for methods that make none). */
    static Map<String, Integer> callsPerMethod(byte[] classFile, String owner, String name, String desc) {
        Map<String, Integer> out = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String d, String sig, String[] exc) {
                out.putIfAbsent(method, 0);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int op, String o, String m, String md, boolean itf) {
                        if (o.equals(owner) && m.equals(name) && md.equals(desc)) {
                            out.merge(method, 1, Integer::sum);
                        }
                    }
                };
            }
        }, 0);
        return out;
    }

    /** {@code classFile} with its polls calling {@link PollCount#poll()} instead of {@code Preemption.poll()}. */
    static byte[] countingPolls(byte[] classFile) {
        ClassWriter w = new ClassWriter(0);
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, w) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String d, String sig, String[] exc) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, method, d, sig, exc)) {
                    @Override
                    public void visitMethodInsn(int op, String o, String m, String md, boolean itf) {
                        boolean poll = o.equals(PreemptionPolls.OWNER) && m.equals("poll");
                        super.visitMethodInsn(op, poll ? PollCount.class.getName().replace('.', '/') : o, m, md, itf);
                    }
                };
            }
        }, 0);
        return w.toByteArray();
    }

    /** Defines {@code classFile}, a changed copy of {@code original}, in a class loader of its own (verified). */
    static Class<?> load(Class<?> original, byte[] classFile) {
        return load(original.getName(), classFile);
    }

    /** Defines {@code classFile}, the class {@code binaryName}, in a class loader of its own (verified). */
    static Class<?> load(String binaryName, byte[] classFile) {
        return new ClassLoader(Woven.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(binaryName, classFile, 0, classFile.length);
            }
        }.define();
    }

    /**
     * A class {@code name} (internal form) of class-file version {@code version} with one public static method
     * {@code method(I)I}, whose instructions {@code code} writes (max stack and locals computed, and the stack
     * map frames from Java 7 on).
     */
    static byte[] generate(String name, int version, String method, Consumer<MethodVisitor> code) {
        int compute = version >= Opcodes.V1_7 ? ClassWriter.COMPUTE_FRAMES : ClassWriter.COMPUTE_MAXS;
        ClassWriter cw = new ClassWriter(compute);
        cw.visit(version, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, method, "(I)I", null, null);
        mv.visitCode();
        code.accept(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * Loads the woven class {@code name} (internal form) with its polls counted, calls its {@code method(arg)},
     * asserts that it returns {@code expected}, and returns the polls the call made.
     */
    static long pollsOfCall(byte[] woven, String name, String method, int arg, int expected) throws Exception {
        Class<?> c = load(name.replace('/', '.'), countingPolls(woven));
        long before = PollCount.polls;
        assertEquals(expected, c.getMethod(method, int.class).invoke(null, arg));
        return PollCount.polls - before;
    }

    /** Per method name: the chunk of each of its strip-mined loops, in the order of their heads. */
    static Map<String, List<Integer>> chunks(Class<?> c) throws Exception {
        Map<String, List<Integer>> out = new HashMap<>();
        try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            assertNotNull(in, c.getName());
            new ClassReader(in.readAllBytes()).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String method, String d, String sig, String[] exc) {
                    LoopStripMining.Finder finder = new LoopStripMining.Finder(owner -> owner.startsWith(PACKAGE));
                    return new MethodVisitor(Opcodes.ASM9, finder) {
                        @Override
                        public void visitMaxs(int maxStack, int maxLocals) {
                            out.put(method, finder.plan(maxLocals).loops().stream()
                                    .map(LoopStripMining.Loop::chunk).toList());
                        }
                    };
                }
            }, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        }
        return out;
    }

    /** Polls per method. */
    static Map<String, Integer> pollsPerMethod(byte[] classFile) {
        return callsPerMethod(classFile, PreemptionPolls.OWNER, "poll", "()V");
    }
}
