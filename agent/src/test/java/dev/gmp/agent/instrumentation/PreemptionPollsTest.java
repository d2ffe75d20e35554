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
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Where {@code preempt=} puts its polls: at every loop back-edge, and at the entry of methods that call (Go's
 * leaf functions have no prologue check; cmd/internal/obj/x86/obj6.go). Weaves a fixture class and counts the
 * calls to {@code Preemption.poll()} per method.
 */
class PreemptionPollsTest {
    @Test
    void leavesPollOnlyAtBackEdgesAndCallersAlsoAtEntry() throws Exception {
        Map<String, Integer> polls = pollsPerMethod(weave(Polled.class));
        assertEquals(0, polls.get("leaf"), polls.toString());
        assertEquals(1, polls.get("leafLoop"), "one back-edge, no entry poll: " + polls);
        assertEquals(1, polls.get("fib"), "the entry poll breaks the recursion: " + polls);
        assertEquals(2, polls.get("callsInLoop"), "entry and back-edge: " + polls);
        assertEquals(1, polls.get("lambda"), "invokedynamic is a call: " + polls);
        assertEquals(1, polls.get("<init>"), "the constructor calls Object.<init>: " + polls);
    }

    private static byte[] weave(Class<?> c) throws Exception {
        String name = c.getName().replace('.', '/');
        byte[] bytes;
        try (InputStream in = c.getClassLoader().getResourceAsStream(name + ".class")) {
            assertNotNull(in, name);
            bytes = in.readAllBytes();
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Weaver w = new Weaver(new AgentLog(new PrintStream(log, true)), null, false, false, Map.of(),
                List.of(c.getPackageName().replace('.', '/') + "/"));
        byte[] out = w.transform(c.getClassLoader(), name, null, null, bytes);
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
