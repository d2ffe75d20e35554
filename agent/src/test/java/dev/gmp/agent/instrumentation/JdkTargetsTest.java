package dev.gmp.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.agent.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Fails when a JDK update moves a rewrite target: the routing factory ({@code ThreadBuilders.newVirtualThread}),
 * {@code Blocker.begin/end} in the shape this JDK should have, and the Java callers of the file natives.
 */
class JdkTargetsTest {
    @Test
    void routingTargetIsWhereTheAgentWeavesIt() {
        assertTrue(JdkTargets.routingTarget(), "java.lang.ThreadBuilders.newVirtualThread(Executor, String, int, "
                + "Runnable) moved on JDK " + Runtime.version() + ": update JdkRewrites.routing");
    }

    @Test
    void blockerHasTheShapeOfThisJdk() {
        Class<?> expected = Runtime.version().feature() >= 23 ? boolean.class : long.class;
        assertEquals(expected, JdkTargets.blockerToken(), "jdk.internal.misc.Blocker changed on JDK "
                + Runtime.version() + ": update JdkRewrites.blocker*");
    }

    @Test
    void fileStreamNativesAreCalledFromTheExpectedJavaMethods() {
        assertNull(JdkTargets.fileIoMissing());
    }

    @Test
    void hasKnownQueuedWorkIsWhereTheAgentWeavesIt() {
        assertTrue(JdkTargets.queuedWorkTarget(), "java.util.concurrent.ForkJoinWorkerThread.hasKnownQueuedWork() "
                + "moved on JDK " + Runtime.version() + ": update JdkRewrites.knownQueuedWork");
    }

    @Test
    void phaserReadsItsSpinCountWhereTheAgentWeavesIt() throws Exception {
        byte[] phaser;
        try (InputStream in = ClassLoader.getSystemResourceAsStream(Weaver.PHASER + ".class")) {
            phaser = in.readAllBytes();
        }
        int[] reads = new int[1];
        new ClassReader(phaser).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                if (!name.equals("internalAwaitAdvance")) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String d) {
                        if (opcode == Opcodes.GETSTATIC && field.equals("SPINS_PER_ARRIVAL")) {
                            reads[0]++;
                        }
                    }
                };
            }
        }, 0);
        assertTrue(reads[0] > 0, "java.util.concurrent.Phaser.internalAwaitAdvance no longer reads SPINS_PER_ARRIVAL "
                + "on JDK " + Runtime.version() + ": update JdkRewrites.phaserSpins");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Weaver weaver = new Weaver(new AgentLog(new PrintStream(log, true)), null, false, false, false, Map.of(),
                List.of());
        byte[] woven = weaver.transform(null, Weaver.PHASER, null, null, phaser);
        assertEquals(reads[0], Woven.callsPerMethod(woven, "dev/gmp/agent/bootstrap/GmpBridge", "spinsPerArrival",
                "(I)I").get("internalAwaitAdvance"), "every read of the spin count asks the bridge; log: " + log);
    }
}
