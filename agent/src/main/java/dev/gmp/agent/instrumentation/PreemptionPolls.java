package dev.gmp.agent.instrumentation;

import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * {@code preempt=}: a poll point at method entries and before every loop back-edge of the classes of the
 * named packages. Go checks for preemption in function prologues (the stack-bound check that
 * {@code gp.stackguard0 = stackPreempt} trips; proc.go {@code preemptone}) and, since Go 1.14, asynchronously
 * by signal; the JVM cannot stop a virtual thread asynchronously, so we poll at the same kind of places.
 *
 * <p>A method that calls nothing gets no entry poll, as Go gives none to a leaf function with a small frame
 * (cmd/internal/obj/x86/obj6.go {@code preprocess} marks it NOSPLIT, so its prologue has no stack-bound check):
 * without calls it cannot recurse, so it runs long only in its loops, and those poll at their back-edges. A
 * recursion cycle passes through methods that call, and each of those polls at entry.
 *
 * <p>The inserted call is {@code dev.gmp.internal.sched.Preemption.poll()}: a static method whose fast path is
 * one static volatile read ({@code Preemption.requested}); the JIT inlines it. It takes no operands and leaves
 * none, so stack map frames and max stack are unchanged. A back-edge is a jump to a label already visited
 * (javac puts loop heads before their bodies); {@code <clinit>} is left alone (yielding while a class is being
 * initialised would stall every thread waiting for it).
 */
final class PreemptionPolls {
    static final String OWNER = "dev/gmp/internal/sched/Preemption";

    private PreemptionPolls() {}

    /**
     * The poll-inserting visitor for a method, or {@code mv} itself for a class initialiser. {@code calls}: the
     * method has an invoke instruction (when false, it gets back-edge polls only).
     */
    static MethodVisitor wrap(String methodName, boolean calls, MethodVisitor mv) {
        return methodName.equals("<clinit>") ? mv : new PollInserter(mv, calls);
    }

    /** Inserts the poll at entry (methods that call) and before backward jumps. */
    static final class PollInserter extends MethodVisitor {
        private final Set<Label> visited = new HashSet<>();
        private final boolean entryPoll;

        PollInserter(MethodVisitor mv, boolean entryPoll) {
            super(Opcodes.ASM9, mv);
            this.entryPoll = entryPoll;
        }

        private void poll() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, "poll", "()V", false);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (entryPoll) {
                poll();
            }
        }

        @Override
        public void visitLabel(Label label) {
            visited.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (visited.contains(label)) {
                poll(); // back-edge
            }
            super.visitJumpInsn(opcode, label);
        }
    }
}
