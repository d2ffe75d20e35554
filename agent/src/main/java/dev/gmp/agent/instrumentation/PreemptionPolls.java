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
 * <p>Straight-line methods, which neither call nor loop, get no poll at all: they run in time bounded by their
 * length. Go gives no prologue check to a leaf function with a small frame (cmd/internal/obj/x86/obj6.go
 * {@code preprocess} marks it NOSPLIT); we keep the entry poll in leaves that loop, because on HotSpot a loop
 * method measured slower without it (Collatz kernel: +25 %, four forks per side). A small helper that the JIT
 * inlines into a hot loop thus adds no second poll per iteration.
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
     * The poll-inserting visitor for a method, or {@code mv} itself for a class initialiser or a straight-line
     * method ({@code polled} false: no calls and no backward jumps).
     */
    static MethodVisitor wrap(String methodName, boolean polled, MethodVisitor mv) {
        return methodName.equals("<clinit>") || !polled ? mv : new PollInserter(mv);
    }

    /** Inserts the poll at entry and before backward jumps. */
    static final class PollInserter extends MethodVisitor {
        private final Set<Label> visited = new HashSet<>();

        PollInserter(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
        }

        private void poll() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, "poll", "()V", false);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            poll();
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
