package dev.gmp.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.gmp.agent.AgentLog;
import dev.gmp.testapp.polls.Polled;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Where {@code preempt=} puts its polls: at the entry and every loop back-edge of methods that call or loop, and
 * none in straight-line methods (Go's leaf functions have no prologue check; cmd/internal/obj/x86/obj6.go).
 * Weaves a fixture class and counts the calls to {@code Preemption.poll()} per method.
 */
class PreemptionPollsTest {
    @Test
    void straightLineMethodsHaveNoPollAndOthersPollAtEntryAndBackEdges() throws Exception {
        Map<String, Integer> polls = pollsPerMethod(weave(Polled.class));
        assertEquals(0, polls.get("leaf"), polls.toString());
        assertEquals(0, polls.get("lambda$lambda$0"), "an empty lambda body: " + polls);
        assertEquals(2, polls.get("leafLoop"), "entry and back-edge: " + polls);
        assertEquals(1, polls.get("fib"), "the entry poll breaks the recursion: " + polls);
        assertEquals(2, polls.get("callsInLoop"), "entry and back-edge: " + polls);
        assertEquals(1, polls.get("lambda"), "invokedynamic is a call: " + polls);
        assertEquals(1, polls.get("<init>"), "the constructor calls Object.<init>: " + polls);
    }

    @Test
    void aLoopClosedByASwitchIsNotStraightLine() {
        // javac never jumps backwards from a switch; other compilers may. The method loops until its argument
        // reaches 0: "tableswitch { 0: out; default: head }".
        String name = "dev/gmp/testapp/polls/SwitchLoop";
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "countDown", "(I)I", null, null);
        mv.visitCode();
        Label head = new Label();
        Label out = new Label();
        mv.visitLabel(head);
        mv.visitIincInsn(0, -1);
        mv.visitVarInsn(Opcodes.ILOAD, 0);
        mv.visitTableSwitchInsn(0, 0, head, out);
        mv.visitLabel(out);
        mv.visitVarInsn(Opcodes.ILOAD, 0);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(1, 1);
        mv.visitEnd();
        cw.visitEnd();
        Map<String, Integer> polls = pollsPerMethod(weave(name, cw.toByteArray()));
        assertEquals(1, polls.get("countDown"), "an entry poll: " + polls);
    }

    private static byte[] weave(Class<?> c) throws Exception {
        String name = c.getName().replace('.', '/');
        try (InputStream in = c.getClassLoader().getResourceAsStream(name + ".class")) {
            assertNotNull(in, name);
            return weave(name, in.readAllBytes());
        }
    }

    private static byte[] weave(String name, byte[] bytes) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Weaver w = new Weaver(new AgentLog(new PrintStream(log, true)), null, false, false, Map.of(),
                List.of("dev/gmp/testapp/polls/"));
        byte[] out = w.transform(PreemptionPollsTest.class.getClassLoader(), name, null, null, bytes);
        assertNotNull(out, "not woven; log: " + log);
        return out;
    }

    private static Map<String, Integer> pollsPerMethod(byte[] classFile) {
        Map<String, Integer> out = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                out.putIfAbsent(name, 0);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int op, String owner, String m, String d, boolean itf) {
                        if (owner.equals(PreemptionPolls.OWNER) && m.equals("poll")) {
                            out.merge(name, 1, Integer::sum);
                        }
                    }
                };
            }
        }, 0);
        return out;
    }
}
